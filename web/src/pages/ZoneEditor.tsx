import { Page } from '../components/Page';

export function ZoneEditor() {
  return (
    <Page title="ZoneEditor">
      <p>Coming soon.</p>
    </Page>
  );
}
