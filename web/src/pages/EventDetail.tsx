import { Page } from '../components/Page';

export function EventDetail() {
  return (
    <Page title="EventDetail">
      <p>Coming soon.</p>
    </Page>
  );
}
