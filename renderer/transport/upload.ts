/**
 * Sends a file the user picked to one of main's one-time transfer addresses
 * (a volume restore, an image load, a file into a container) and gives back
 * main's answer. The address is the upload's only credential: nothing the
 * browser keeps (cookies, authentication) goes with it.
 *
 * Over http (browser mode) the file goes by XMLHttpRequest, not fetch:
 * Chromium streams a File given to fetch through its browser process, which
 * took 3.6-3.8 s of that process's CPU per GB on top of the network
 * service's, and a 1 GB volume restore 7.0-7.7 s; given to XMLHttpRequest,
 * the network service reads the file itself: 5.3-5.6 s, and none of the
 * browser process's CPU (2 rounds each, the same file and build). Over the
 * desktop app's berth:// scheme it goes by fetch: Blink sends an
 * XMLHttpRequest's body only over http(s) (electron/electron#14720).
 */

export interface UploadAnswer {
  ok: boolean;
  status: number;
  /** The answer's body as text (main's words when it refused). */
  text: string;
}

export async function uploadFile(url: string, file: File): Promise<UploadAnswer> {
  const { protocol } = new URL(url, window.location.href);
  if (protocol !== 'http:' && protocol !== 'https:') {
    const response = await fetch(url, { method: 'POST', body: file, credentials: 'omit' });
    return { ok: response.ok, status: response.status, text: await response.text() };
  }
  return new Promise<UploadAnswer>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.withCredentials = false;
    request.onload = () => resolve({ ok: request.status >= 200 && request.status < 300, status: request.status, text: request.responseText });
    request.onerror = () => reject(new Error('The upload was cut off: the connection to Berth closed before it was done.'));
    request.onabort = () => reject(new Error('The upload was stopped before it was done.'));
    request.send(file);
  });
}
