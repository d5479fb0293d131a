import type { EngineClient } from "../docker/client.js";
import type { EventSink } from "../runtime/engine-events.js";
import type { ConfigSpec, NetworkCreate, SecretSpec, ServiceSpec } from "./api-types.js";
import { SwarmClient } from "./client.js";

/**
 * A SwarmClient for `--dry-run`: it reads the Swarm as it is, and reports each change it is asked
 * for as a `DRY-RUN …` message (as the local verbs do) instead of making it. New objects get an
 * id of the form `dry-run-<name>`, so a deploy can go on referring to them.
 */
export class DryRunSwarmClient extends SwarmClient {
  constructor(
    engine: EngineClient,
    private readonly sink: EventSink,
  ) {
    super(engine);
  }

  override createService(spec: ServiceSpec): Promise<{ id: string; warnings: string[] }> {
    this.say(`create service ${spec.Name}`);
    return Promise.resolve({ id: `dry-run-${spec.Name}`, warnings: [] });
  }

  override updateService(id: string, _version: number, spec: ServiceSpec): Promise<{ warnings: string[] }> {
    this.say(`update service ${spec.Name} (${id.slice(0, 12)})`);
    return Promise.resolve({ warnings: [] });
  }

  override removeService(ref: string): Promise<void> {
    this.say(`remove service ${ref}`);
    return Promise.resolve();
  }

  override createSecret(spec: SecretSpec): Promise<string> {
    this.say(`create secret ${spec.Name}`);
    return Promise.resolve(`dry-run-${spec.Name}`);
  }

  override removeSecret(ref: string): Promise<void> {
    this.say(`remove secret ${ref}`);
    return Promise.resolve();
  }

  override createConfig(spec: ConfigSpec): Promise<string> {
    this.say(`create config ${spec.Name}`);
    return Promise.resolve(`dry-run-${spec.Name}`);
  }

  override removeConfig(ref: string): Promise<void> {
    this.say(`remove config ${ref}`);
    return Promise.resolve();
  }

  override createNetwork(spec: NetworkCreate): Promise<string> {
    this.say(`create network ${spec.Name}`);
    return Promise.resolve(`dry-run-${spec.Name}`);
  }

  override removeNetwork(ref: string): Promise<void> {
    this.say(`remove network ${ref}`);
    return Promise.resolve();
  }

  private say(what: string): void {
    this.sink.emit({ type: "message", level: "info", text: `DRY-RUN ${what}`, time: Date.now() });
  }
}
