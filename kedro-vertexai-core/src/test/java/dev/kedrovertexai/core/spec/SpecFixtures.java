package dev.kedrovertexai.core.spec;

import dev.kedrovertexai.core.config.DynamicConfigProvider;
import dev.kedrovertexai.core.config.HostAlias;
import dev.kedrovertexai.core.config.MlflowConfig;
import dev.kedrovertexai.core.config.NetworkConfig;
import dev.kedrovertexai.core.config.PipelineParameter;
import dev.kedrovertexai.core.config.RunConfig;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.plan.ContainerResources;
import dev.kedrovertexai.core.plan.ExecutionPlan;
import dev.kedrovertexai.core.plan.PlannedTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans and configs for compiler tests, built directly so that the tests depend on no other stage.
 */
final class SpecFixtures {
  static final String SCRIPT = "import sys\nprint('task runtime', sys.argv)\n";
  static final ContainerResources SMALL = new ContainerResources("500m", "1024Mi", null, null);
  static final ContainerResources GPU = new ContainerResources("8", "32Gi", "NVIDIA_TESLA_T4", 2);

  private SpecFixtures() {}

  static PlannedTask task(
      String name, List<String> nodes, List<String> dependsOn, ContainerResources resources) {
    return new PlannedTask(name, name, nodes, dependsOn, resources, List.of(), List.of());
  }

  static PlannedTask task(
      String name,
      List<String> nodes,
      List<String> dependsOn,
      ContainerResources resources,
      List<String> storedInputs,
      List<String> storedOutputs) {
    return new PlannedTask(name, name, nodes, dependsOn, resources, storedInputs, storedOutputs);
  }

  /**
   * A spaceflights-like plan: two preprocessing tasks, a join that depends on both (listed
   * unsorted) and a training task on a GPU.
   */
  static ExecutionPlan spaceflightsPlan() {
    List<PlannedTask> tasks = new ArrayList<>();
    tasks.add(
        task(
            "preprocess-shuttles",
            List.of("preprocess_shuttles_node"),
            List.of(),
            SMALL,
            List.of(),
            List.of("preprocessed_shuttles")));
    tasks.add(
        task(
            "preprocess-companies",
            List.of("preprocess_companies_node"),
            List.of(),
            SMALL,
            List.of(),
            List.of("preprocessed_companies")));
    tasks.add(
        task(
            "create-model-input-table",
            List.of("create_model_input_table_node", "data_science.split_data_node"),
            List.of("preprocess-shuttles", "preprocess-companies"),
            new ContainerResources("500m", "1024Mi", null, null),
            List.of("preprocessed_shuttles", "preprocessed_companies"),
            List.of("X_train", "y_train")));
    tasks.add(
        task(
            "train-model",
            List.of("data_science.train_model_node"),
            List.of("create-model-input-table"),
            GPU,
            List.of("X_train", "y_train"),
            List.of()));
    return new ExecutionPlan(
        "__default__",
        "one task per node",
        tasks,
        List.of("X_train", "preprocessed_companies", "preprocessed_shuttles", "y_train"));
  }

  static CompileRequest request(ExecutionPlan plan, VertexAiConfig config) {
    return new CompileRequest(plan, config, "spaceflights", "1.2.3", SCRIPT);
  }

  static CompileRequest request(ExecutionPlan plan, VertexAiConfig config, RunLifecycle lifecycle) {
    return new CompileRequest(plan, config, "spaceflights", "1.2.3", SCRIPT, null, lifecycle);
  }

  /** An exit pipeline {@code notify} of two nodes, as the exit pipeline planner makes it. */
  static PlannedTask notifyPipeline() {
    return new PlannedTask(
        "notify", "notify", List.of("notify.compose", "notify.send"), List.of(), SMALL, List.of(), List.of());
  }

  /** A mutable stand-in for the config loader: only the fields the compiler reads. */
  static final class Config {
    String projectId = "acme-ml";
    String region = "europe-west4";
    String env = "base";
    String image = "europe-docker.pkg.dev/acme-ml/kedro/spaceflights:1.0";
    String root = "acme-bucket/spaceflights";
    String description = "Spaceflights on Vertex AI";
    String serviceAccount;
    String vpc;
    List<HostAlias> hostAliases = new ArrayList<>();
    Map<String, PipelineParameter> parameters = new LinkedHashMap<>();
    boolean enableCaching;
    String encryptionKey;
    Map<String, String> labels = new LinkedHashMap<>();
    MlflowConfig mlflow = MlflowConfig.NONE;
    List<DynamicConfigProvider> providers = new ArrayList<>();

    Config parameter(PipelineParameter parameter) {
      parameters.put(parameter.name(), parameter);
      return this;
    }

    VertexAiConfig build() {
      RunConfig runConfig =
          RunConfig.builder(image, root)
              .description(description)
              .serviceAccount(serviceAccount)
              .network(new NetworkConfig(vpc, hostAliases))
              .dynamicConfigProviders(providers)
              .mlflow(mlflow)
              .parameters(parameters)
              .enableCaching(enableCaching)
              .encryptionKey(encryptionKey)
              .labels(labels)
              .build();
      return new VertexAiConfig(projectId, region, env, runConfig, Map.of());
    }
  }
}
