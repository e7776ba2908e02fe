import { Page } from '../components/Page';

export function Analytics() {
  return (
    <Page title="Analytics">
      <p>Coming soon.</p>
    </Page>
  );
}
