/** The Microsoft clouds Graph runs in. */
export type Cloud = 'global' | 'usGov' | 'usGovDoD' | 'china';

/** Graph and Entra ID endpoints per cloud. */
export const CLOUDS: Readonly<Record<Cloud, { readonly graph: string; readonly authority: string }>> = {
  global: { graph: 'https://graph.microsoft.com', authority: 'https://login.microsoftonline.com' },
  usGov: { graph: 'https://graph.microsoft.us', authority: 'https://login.microsoftonline.us' },
  usGovDoD: { graph: 'https://dod-graph.microsoft.us', authority: 'https://login.microsoftonline.us' },
  china: { graph: 'https://microsoftgraph.chinacloudapi.cn', authority: 'https://login.chinacloudapi.cn' },
};
