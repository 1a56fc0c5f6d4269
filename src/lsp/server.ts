/** Language server: placeholder until the editor integration lands. */
export async function startLanguageServer(): Promise<void> {
  throw new Error('the language server is not available in this build');
}
