/**
 * What leaves the view: Copy (the selection, or every line shown), Download
 * (the full log or the lines shown) and Clear. Each runs over the whole log
 * in main, page by page; `say` gets the outcome in words.
 */
import type { LogFilterInput } from '#shared/logs';
import { errorText } from '../../format/errors';
import { useClient } from '../../hooks/useClient';

export interface LogExportInput {
  session: string | null;
  filterKey: string;
  timestamps: boolean;
  /** The file name Download suggests, without extension. */
  fileName: string;
  say(message: string): void;
}

export function useLogExport({ session, filterKey, timestamps, fileName, say }: LogExportInput): {
  download(which: 'all' | 'shown'): Promise<void>;
  copy(what: 'selection' | 'shown'): Promise<void>;
  clear(): void;
} {
  const client = useClient();

  /** Every line of a view as text, page by page from main. */
  const exportText = async (which: 'all' | 'shown'): Promise<string[]> => {
    if (!session) return [];
    const parts: string[] = [];
    const filter: LogFilterInput = which === 'all' ? { stream: 'both' } : (JSON.parse(filterKey) as LogFilterInput);
    for (let from: number | null = 0; from !== null; ) {
      const page: { text: string; next: number | null } = await client.call('logs.export', { session, filter, from, timestamps });
      parts.push(page.text);
      from = page.next;
    }
    return parts;
  };

  const download = async (which: 'all' | 'shown'): Promise<void> => {
    say('Preparing the download…');
    try {
      const parts = await exportText(which);
      const blob = new Blob(parts, { type: 'text/plain;charset=utf-8' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${fileName}${which === 'shown' ? '-filtered' : ''}.log`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      say(`Downloaded ${blob.size.toLocaleString()} bytes.`);
    } catch (error) {
      say(`Could not download: ${errorText(error)}`);
    }
  };

  const copy = async (what: 'selection' | 'shown'): Promise<void> => {
    try {
      const text = what === 'selection' ? (window.getSelection()?.toString() ?? '') : (await exportText('shown')).join('');
      if (!text) {
        say('Nothing is selected.');
        return;
      }
      await navigator.clipboard.writeText(text);
      say(what === 'selection' ? 'Copied the selection.' : 'Copied the lines shown.');
    } catch (error) {
      say(`Could not copy: ${errorText(error)}`);
    }
  };

  const clear = (): void => {
    if (!session) return;
    client.call('logs.clear', { session }).then(
      () => say('Cleared; new lines still arrive.'),
      (error: unknown) => say(`Could not clear: ${errorText(error)}`),
    );
  };

  return { download, copy, clear };
}
