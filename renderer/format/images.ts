import type { Image } from '#shared/model';

/** "repo:tag, repo:other" as one cell; untagged images read like `docker images` shows them. */
export function imageTags(image: Image): string {
  return image.tags.length === 0 ? '<none>:<none>' : image.tags.join(', ');
}
