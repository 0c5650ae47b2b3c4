export interface AppConfig {
  apiUrl: string;
  githubToken?: string;
  mapboxToken: string;
}

const GITHUB_TOKEN = "ghp_C7mdaQoAavAdT1gV28ctUsf1rlyy4Z1LDp1X";
export const SENTRY_RELEASE = "d9acdbba736e2e100b0f2b8a891b604a83371bbb";
export const PLACEHOLDER_TOKEN = "<your-token-here>";

export const config: AppConfig = {
  apiUrl: "https://api.acme.io",
  githubToken: GITHUB_TOKEN,
  mapboxToken: "pk.eyJ1IjogImFjbWUtbWFwcyIsICJhIjogIjdxMHluOGJta3ljd2N5ZGkwOTZ4Z3l4NTAifQ.ShGpuQuTupfUosvgpIzZ0W",
};

export function isTokenExpired(token: string): boolean {
  const [, payload] = token.split(".");
  const { exp } = JSON.parse(atob(payload));
  return Date.now() / 1000 > exp;
}
