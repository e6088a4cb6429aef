import { get, text } from '../yaml/nodes';
import type { Rule } from './rule';

/** The tag of an image reference, ignoring a registry port (`host:5000/app`). */
export function imageTag(image: string): string | undefined {
  const name = image.split('@')[0];
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  return colon >= 0 ? name.slice(colon + 1) : undefined;
}

export const rule: Rule = {
  id: 'image-unpinned',
  severity: 'warning',
  category: 'best-practice',
  scope: 'service',
  doc: 'An image without a tag, or tagged "latest", and without a digest: every pull may bring a different image.',
  check({ project, report }) {
    for (const s of project.services) {
      const node = get(s.node, 'image');
      const image = text(node);
      // With a build, "image" names the image Compose builds: there is nothing to pin.
      if (!node || !image || get(s.node, 'build') || image.includes('@') || node.kind !== 'scalar' || node.interpolated) continue;
      const tag = imageTag(image);
      if (tag === undefined) report(node, `Image "${image}" of service "${s.name}" has no tag: pin a version (or a digest).`);
      else if (tag === 'latest') report(node, `Image "${image}" of service "${s.name}" uses the "latest" tag: pin a version (or a digest).`);
    }
  },
};
