import { Page } from '../components/Page';

export function Operations() {
  return (
    <Page title="Operations">
      <p>Coming soon.</p>
    </Page>
  );
}
