import { Page } from '../components/Page';

export function Cameras() {
  return (
    <Page title="Cameras">
      <p>Coming soon.</p>
    </Page>
  );
}
