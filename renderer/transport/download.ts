/**
 * Hands a one-time transfer address (engine/files/transfers.ts) to the
 * browser's own download, so the bytes stream to disk without passing
 * through the page.
 */
export function startDownload(url: string, name: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}
