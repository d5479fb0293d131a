/**
 * The labels and names of a stack's objects. The namespace and image labels are `docker stack`'s,
 * so `docker stack ls/ps/services/rm` see a tscompose stack and tscompose sees theirs; every object
 * a stack creates carries `STACK_LABELS.namespace`, and nothing without it is ever changed or removed.
 */
export const STACK_LABELS = {
  /** The stack a service, network, secret, config or volume belongs to (docker stack's). */
  namespace: "com.docker.stack.namespace",
  /** The image as written in the file, on the service spec (docker stack's). */
  image: "com.docker.stack.image",
  /** sha256 of the service spec without this label: a redeploy skips a service whose hash is unchanged. */
  specHash: "tscompose.stack.spec-hash",
} as const;

/** `<stack>_<name>`: docker stack's name for a stack's service, network, volume, secret or config. */
export function scopedName(stack: string, name: string): string {
  return `${stack}_${name}`;
}

/** `labels` plus the namespace label (which wins). */
export function withNamespace(stack: string, labels: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return { ...labels, [STACK_LABELS.namespace]: stack };
}

/** The engine's `filters` query selecting one stack's objects by its namespace label. */
export function stackFilter(stack: string): string {
  return JSON.stringify({ label: [`${STACK_LABELS.namespace}=${stack}`] });
}
