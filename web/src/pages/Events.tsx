import { Page } from '../components/Page';

export function Events() {
  return (
    <Page title="Events">
      <p>Coming soon.</p>
    </Page>
  );
}
