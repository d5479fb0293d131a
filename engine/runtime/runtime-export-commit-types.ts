/**
 * Options of the Runtime's `exportContainer` and `commitContainer` (`docker export`, `docker
 * commit`), in our own terms.
 */

/** Options of `exportContainer`. */
export interface ExportContainerOptions {
  /** Aborting ends the archive early (the iterable then finishes without error). */
  readonly signal?: AbortSignal;
}

/** Options of `commitContainer`: the engine's `/commit` parameters. */
export interface CommitContainerOptions {
  /** Repository of the new image (`app`, `localhost:5000/app`); omitted: an untagged image. */
  readonly repo?: string;
  /** Its tag; `latest` when `repo` is given without one. Ignored without `repo`. */
  readonly tag?: string;
  /** The commit message (the image's `Comment`). */
  readonly comment?: string;
  /** The image's `Author`. */
  readonly author?: string;
  /** Dockerfile instructions applied to the image's config (`ENV FOO=bar`, `CMD ["sh"]`), in order. */
  readonly changes?: readonly string[];
  /** Pause the container while its filesystem is committed (default true, as the engine). */
  readonly pause?: boolean;
}
