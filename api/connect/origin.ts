import type { ProjectOrigin } from "../../engine/container-spec/spec-for.js";
import { envFileOf, type LoadedProject } from "../../spec/load.js";
import { apiSocketCredentials } from "./docker-credentials.js";

/**
 * Where a loaded project comes from, as the engine labels and fills its containers: the project
 * directory, compose files and `--env-file`s (labels), the environment that `environment:` secrets
 * and configs are read from (the shell over `.env`), and, when a service sets `use_api_socket`,
 * the user's registry credentials (the docker config file found through that environment's
 * DOCKER_CONFIG or HOME). Reads a file only in that last case.
 */
export function projectOrigin(loaded: LoadedProject): ProjectOrigin {
  const env = {
    get DOCKER_CONFIG() {
      return loaded.lookup("DOCKER_CONFIG");
    },
    get HOME() {
      return loaded.lookup("HOME");
    },
  };
  const credentials = apiSocketCredentials(loaded.project, env);
  return {
    projectDir: loaded.projectDir,
    configFiles: loaded.files,
    ...envFileOf(loaded),
    environment: loaded.lookup,
    ...(credentials ? { credentials } : {}),
  };
}
