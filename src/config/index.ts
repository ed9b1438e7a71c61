/** The configuration file of release-kit: its typed, resolved form and the functions that load it. */
export type {
  ChecklistConfig,
  CondaForgeConfig,
  DependentFeedstockConfig,
  DownstreamCategory,
  DownstreamCheckConfig,
  DownstreamConfig,
  FinalConfig,
  FinalGates,
  GateLevel,
  PartnerConfig,
  ProjectConfig,
  PublishConfig,
  PypiConfig,
  PythonSupportConfig,
  RcConfig,
  RcStrategy,
  ReleaseKitConfig,
  StepTimeouts,
  VersionFileConfig,
  VersionFileKind,
  VersionScheme,
} from "./config-types.js";
export { DEFAULT_CONFIG_FILE, displayPath, loadConfig, resolveConfigPath } from "./load-config.js";
export type { LoadConfigOptions } from "./load-config.js";
export { parseConfig } from "./parse-config.js";
export { configToFileShape, configToYaml } from "./config-to-file-shape.js";
export { inferVersionFileKind } from "./resolve-config.js";
export { packageIndexUrl, type IndexKind } from "./package-indexes.js";
