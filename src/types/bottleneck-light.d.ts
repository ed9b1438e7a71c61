// bottleneck ships types for its full build only; the light build has the same API minus Redis clustering.
declare module "bottleneck/light.js" {
  import Bottleneck from "bottleneck";
  export default Bottleneck;
}
