/**
 * The SageMaker simulator behind the local edge: the real AWS SDK v3 clients talk to it
 * over the real wire protocols (JSON 1.1 for SageMaker and Application Auto Scaling,
 * REST-JSON for the Feature Store runtime, path-style REST for S3). It counts every call
 * per operation (`GET /_sim/calls`) and injects the faults a scenario asks for.
 */
import { type AwsRequest, type AwsResponse, AwsServiceError, jsonBody, jsonError, jsonReply } from "../aws-protocol.js";
import type { LocalClock } from "../clock.js";
import { ControlError, type ControlHandler, type EdgeService } from "../edge.js";
import type { LocalEventBus } from "../event-bus.js";
import { AutoScalingState } from "./autoscaling.js";
import { Faults } from "./faults.js";
import { FeatureStoreRuntime, featureStoreOperation } from "./featurestore.js";
import { ObjectStore } from "./s3.js";
import { SageMakerSimulator } from "./sagemaker.js";
import { type Scenario, ScenarioSchema } from "./scenario.js";

export class Simulator {
  readonly faults = new Faults();
  readonly s3 = new ObjectStore();
  readonly autoScaling: AutoScalingState;
  readonly sagemaker: SageMakerSimulator;
  readonly featureStore: FeatureStoreRuntime;
  readonly calls: Record<string, number> = {};
  /** Calls that succeeded (were applied), per operation: "never applied twice" is checked on these. */
  readonly applied: Record<string, number> = {};

  constructor(clock: LocalClock, bus: LocalEventBus) {
    this.autoScaling = new AutoScalingState(clock, (endpoint, variant) =>
      (this.sagemaker.endpoints.get(endpoint)?.variants ?? []).some((v) => v.name === variant),
    );
    this.sagemaker = new SageMakerSimulator(
      clock,
      (event) => bus.publish(event),
      this.faults,
      this.s3,
      this.autoScaling,
    );
    this.featureStore = new FeatureStoreRuntime(this.sagemaker, this.faults);
  }

  /** Seeds and scripts the world (adds to what is there) and applies the scenario's faults. */
  load(scenario: Scenario): void {
    this.sagemaker.load(scenario);
    this.faults.configure(scenario.faults);
  }

  #count(name: string): void {
    this.calls[name] = (this.calls[name] ?? 0) + 1;
  }

  /** Runs one operation: count it, apply faults, answer or map its error. */
  async #run(service: string, operation: string, contentType: string, run: () => AwsResponse): Promise<AwsResponse> {
    this.#count(`${service}.${operation}`);
    try {
      await this.faults.apply(operation);
      const response = run();
      const name = `${service}.${operation}`;
      this.applied[name] = (this.applied[name] ?? 0) + 1;
      return response;
    } catch (error) {
      if (error instanceof AwsServiceError) return jsonError(error, contentType);
      throw error;
    }
  }

  services(): EdgeService[] {
    const json11 = (
      prefix: string,
      service: string,
      operations: () => Record<string, (input: Record<string, unknown>) => unknown>,
    ): EdgeService => ({
      name: service,
      accepts: (request) => request.target?.startsWith(`${prefix}.`) ?? false,
      handle: (request) => {
        const operation = (request.target as string).slice(prefix.length + 1);
        const handler = operations()[operation];
        if (!handler) {
          return Promise.resolve(
            jsonError(
              new AwsServiceError("UnknownOperationException", `${service} operation ${operation} is not simulated`),
            ),
          );
        }
        return this.#run(service, operation, "application/x-amz-json-1.1", () => jsonReply(handler(jsonBody(request))));
      },
    });
    return [
      json11("SageMaker", "SageMaker", () => this.sagemaker.operations()),
      json11("AnyScaleFrontendService", "AutoScaling", () => this.autoScaling.operations()),
      {
        name: "FeatureStore",
        accepts: (request) => request.signingService === "sagemaker" && featureStoreOperation(request) !== undefined,
        handle: (request) => {
          const operation = featureStoreOperation(request) as string;
          return this.#run("FeatureStore", operation, "application/json", () =>
            this.featureStore.handle(operation, request),
          );
        },
      },
      {
        name: "S3",
        accepts: (request: AwsRequest) => request.signingService === "s3",
        handle: async (request) => {
          const operation =
            request.method === "PUT" ? "PutObject" : request.method === "GET" ? "GetObject" : `${request.method}Object`;
          this.#count(`S3.${operation}`);
          return this.s3.handle(request);
        },
      },
    ];
  }

  /** `/_sim` control routes: scenario, state, calls, faults. */
  controls(): Record<string, ControlHandler> {
    const handler: ControlHandler = async (method, path, body) => {
      const route = `${method} ${path}`;
      switch (route) {
        case "POST /scenario": {
          const parsed = ScenarioSchema.safeParse(body ?? {});
          if (!parsed.success) throw new ControlError(400, "Invalid scenario", parsed.error.issues);
          try {
            this.load(parsed.data);
          } catch (error) {
            if (error instanceof AwsServiceError) throw new ControlError(409, error.message);
            throw error;
          }
          return { loaded: summary(parsed.data) };
        }
        case "GET /state":
          return this.state();
        case "GET /calls":
          return {
            calls: { ...this.calls },
            applied: { ...this.applied },
            total: Object.values(this.calls).reduce((a, b) => a + b, 0),
          };
        case "DELETE /calls":
          for (const key of Object.keys(this.calls)) delete this.calls[key];
          for (const key of Object.keys(this.applied)) delete this.applied[key];
          return { calls: {}, applied: {} };
        case "POST /faults": {
          const parsed = ScenarioSchema.shape.faults.safeParse(body ?? {});
          if (!parsed.success) throw new ControlError(400, "Invalid faults", parsed.error.issues);
          this.faults.configure(parsed.data);
          return { faults: this.faults.settings };
        }
        case "DELETE /faults":
          this.faults.clear();
          return { faults: this.faults.settings };
        default:
          throw new ControlError(404, `No simulator control route ${route}`);
      }
    };
    return { "/_sim": handler };
  }

  /** The world, for `GET /_sim/state`. */
  state(): Record<string, unknown> {
    const sm = this.sagemaker;
    return {
      endpoints: [...sm.endpoints.keys()].map((name) => sm.describeEndpoint({ EndpointName: name })),
      endpointConfigs: [...sm.endpointConfigs.keys()].map((name) =>
        sm.describeEndpointConfig({ EndpointConfigName: name }),
      ),
      models: [...sm.models.values()],
      tuningJobs: [...sm.tuningJobs.keys()].map((name) =>
        sm.describeHyperParameterTuningJob({ HyperParameterTuningJobName: name }),
      ),
      featureGroups: [...sm.featureGroups.values()].map((g) => ({ name: g.name, records: g.records.size })),
      monitoringSchedules: [...sm.monitoringSchedules.keys()].map((name) =>
        sm.describeMonitoringSchedule({ MonitoringScheduleName: name }),
      ),
      autoScaling: {
        targets: this.autoScaling.describeScalableTargets({}).ScalableTargets,
        policies: this.autoScaling.describeScalingPolicies({}).ScalingPolicies,
        scheduledActions: this.autoScaling.describeScheduledActions({}).ScheduledActions,
      },
      s3Objects: [...this.s3.objects.keys()].map((key) => `s3://${key}`),
      faults: this.faults.settings,
    };
  }
}

function summary(scenario: Scenario) {
  return {
    featureGroups: scenario.featureGroups.length,
    models: scenario.models.length,
    endpoints: scenario.endpoints.length,
    tuningJobs: scenario.tuningJobs.length,
    monitoringSchedules: scenario.monitoringSchedules.length,
  };
}
