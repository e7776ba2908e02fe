import type { components } from './schema';

type S = components['schemas'];
export type EventItem = S['EventResponse'];
export type Camera = S['CameraResponse'];
