/** The 12-character form `docker images` shows: "sha256:" dropped. */
export function shortId(id: string): string {
  const hex = id.startsWith('sha256:') ? id.slice('sha256:'.length) : id;
  return hex.slice(0, 12);
}
