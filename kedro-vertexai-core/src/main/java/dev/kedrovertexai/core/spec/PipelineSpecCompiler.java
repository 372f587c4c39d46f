package dev.kedrovertexai.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.config.DynamicConfigProvider;
import dev.kedrovertexai.core.config.HostAlias;
import dev.kedrovertexai.core.config.PipelineParameter;
import dev.kedrovertexai.core.config.ResourceRequest;
import dev.kedrovertexai.core.config.RunConfig;
import dev.kedrovertexai.core.config.VertexAiConfig;
import dev.kedrovertexai.core.plan.ContainerResources;
import dev.kedrovertexai.core.plan.ExecutionPlan;
import dev.kedrovertexai.core.plan.PlannedTask;
import dev.kedrovertexai.core.plan.TaskNames;
import dev.kedrovertexai.core.python.PythonScripts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * ExecutionPlan -> KFP v2 PipelineSpec IR ({@code pipeline.json}) and the Vertex AI PipelineJob request body
 * ({@code pipeline-job.json}).
 *
 * <p>Tasks differ only by constant inputs (their node list and the stored datasets they touch), so all tasks
 * with the same container setup share one component and one executor: the spec grows by one small task entry
 * per task, and compiling is linear in the number of tasks.
 */
public final class PipelineSpecCompiler {
  public static final String SCHEMA_VERSION = "2.1.0";
  public static final String SDK_NAME = "kedro-vertexai-maven-plugin";

  /** Task inputs: JSON array strings of the task's Kedro node names and of the stored datasets it touches. */
  public static final String NODES_INPUT = "kedro_nodes";

  public static final String STORED_INPUT = "kedro_stored";

  /** Input parameter constants longer than this are risky on the Kubeflow Pipelines backend. */
  public static final int MAX_CONSTANT_CHARS = 10_000;

  public static final int MAX_LABELS = 64;

  /** The labels every job carries, so runs can be found by project, pipeline, env and plugin version. */
  public static final String LABEL_PROJECT = "kedro-project";

  public static final String LABEL_PIPELINE = "kedro-pipeline";
  public static final String LABEL_ENV = "kedro-env";
  public static final String LABEL_PLUGIN_VERSION = "kedro-vertexai-version";

  /** The MLflow run task's output, and the input of every other task that carries it (see README). */
  public static final String MLFLOW_RUN_ID = "mlflow_run_id";

  /** The exit task's input that receives the final status of the exit handler's DAG. */
  public static final String STATUS_INPUT = "pipeline_status";

  /** Root-level inputs reach tasks inside a DAG component as inputs of that component, named as the KFP SDK does. */
  static final String CHANNEL_PREFIX = "pipelinechannel--";

  static final String EXIT_HANDLER_TASK = "exit-handler-1";
  static final String MLFLOW_START_TASK = "mlflow-start-run";
  /** The exit task's name when it only closes the MLflow run; otherwise it is named after the exit pipeline. */
  static final String MLFLOW_END_TASK = "mlflow-end-run";

  /** Runtime parameter names end up inside {@code {{$.inputs.parameters['name']}}} and Python argv. */
  private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private static final String STRING_TYPE = "STRING";
  private static final String FINAL_STATUS_TYPE = "TASK_FINAL_STATUS";
  private static final String PLACEHOLDER_START = "{{$";

  /** What a container runs: planned Kedro nodes, the start of the MLflow run, or the exit task. */
  private enum Role {
    KEDRO,
    MLFLOW_START,
    EXIT
  }

  /** The names of the tasks around the planned ones, unique among them. */
  private record LifecycleNames(String handler, String start, String exit) {}

  /** One container setup, shared by every task with equal resources. Numbered from 1 in task order. */
  private record Executor(int number, ContainerResources resources) {
    String label() {
      return "exec-kedro-" + number;
    }

    String component() {
      return "comp-kedro-" + number;
    }
  }

  /**
   * Compiles the plan. Every mistake in the config or the plan's size limits is reported at once as a
   * {@link ProblemsException}; an inconsistent plan (duplicate task names, a dependency on a task not in the
   * plan) or a task script containing a KFP placeholder is a programming error ({@link
   * IllegalArgumentException}).
   */
  public CompiledPipeline compile(CompileRequest request) throws ProblemsException {
    if (request.taskScript().contains(PLACEHOLDER_START)) {
      // The backend would substitute or reject it: the script is text, not a template.
      throw new IllegalArgumentException("The task script must not contain " + PLACEHOLDER_START);
    }
    ExecutionPlan plan = request.plan();
    VertexAiConfig config = request.config();
    List<Problem> problems = new ArrayList<>();

    checkRunConfig(config, plan, problems);
    Map<String, String> labels = labels(request, problems);
    Map<ContainerResources, Executor> executors = executors(plan, config, problems);
    ObjectNode tasks = tasks(plan, config, executors, problems);
    LifecycleNames names = lifecycleNames(request, problems);
    checkTrackingValues(config, problems);
    if (!problems.isEmpty()) {
      throw new ProblemsException(
          "Cannot compile Kedro pipeline '" + plan.pipelineName() + "' for Vertex AI", problems);
    }

    String pipelineName = VertexNames.pipelineName(request.projectName(), plan.pipelineName());
    ObjectNode spec = spec(request, pipelineName, executors, tasks, names);
    ObjectNode job = job(config, pipelineName, labels, spec);
    return new CompiledPipeline(pipelineName, SpecJson.pretty(spec), SpecJson.pretty(job));
  }

  private static void checkRunConfig(VertexAiConfig config, ExecutionPlan plan, List<Problem> problems) {
    RunConfig run = config.runConfig();
    if (isBlank(run.image())) {
      problems.add(problem(config, "run_config.image", "is not set: name the Docker image the tasks run in"));
    }
    if (isBlank(run.root())) {
      problems.add(
          problem(config, "run_config.root", "is not set: name the GCS bucket and prefix (bucket/prefix)"));
    }
    if (plan.tasks().isEmpty()) {
      problems.add(
          new Problem(
              Origin.of("Kedro pipeline '" + plan.pipelineName() + "'"),
              "",
              "has no nodes: there is nothing to run on Vertex AI"));
    }
    for (String name : run.parameters().keySet()) {
      String keyPath = "run_config.parameters." + name;
      if (name.equals(NODES_INPUT) || name.equals(STORED_INPUT)) {
        problems.add(problem(config, keyPath, "'" + name + "' is reserved for the plugin: choose another name"));
      } else if (!PARAMETER_NAME.matcher(name).matches()) {
        problems.add(
            problem(
                config,
                keyPath,
                "'" + name + "' is not a valid parameter name: use letters, digits and _ (not first a digit)"));
      }
    }
  }

  /** Ours first, then the configured labels, which win on a clash: the user's explicit choice. */
  private static Map<String, String> labels(CompileRequest request, List<Problem> problems) {
    VertexAiConfig config = request.config();
    Map<String, String> labels = new TreeMap<>();
    labels.put(LABEL_PROJECT, VertexNames.labelValue(request.projectName()));
    labels.put(LABEL_PIPELINE, VertexNames.labelValue(request.plan().pipelineName()));
    labels.put(LABEL_ENV, VertexNames.labelValue(config.env()));
    labels.put(LABEL_PLUGIN_VERSION, VertexNames.labelValue(request.pluginVersion()));
    for (Map.Entry<String, String> label : config.runConfig().labels().entrySet()) {
      String keyPath = "run_config.labels." + label.getKey();
      String value = label.getValue() == null ? "" : label.getValue();
      if (!VertexNames.LABEL_KEY.matcher(label.getKey()).matches()) {
        problems.add(
            problem(
                config,
                keyPath,
                "label key '"
                    + label.getKey()
                    + "' is not valid for Vertex AI: expected a lowercase letter, then up to 62 of a-z 0-9 _ -"));
      }
      if (!VertexNames.LABEL_VALUE.matcher(value).matches()) {
        problems.add(
            problem(
                config,
                keyPath,
                "label value '" + value + "' is not valid for Vertex AI: expected up to 63 of a-z 0-9 _ -"));
      }
      labels.put(label.getKey(), value);
    }
    if (labels.size() > MAX_LABELS) {
      problems.add(
          problem(
              config,
              "run_config.labels",
              "Vertex AI takes at most "
                  + MAX_LABELS
                  + " labels on a job, and these with the plugin's own make "
                  + labels.size()));
    }
    return labels;
  }

  private static Map<ContainerResources, Executor> executors(
      ExecutionPlan plan, VertexAiConfig config, List<Problem> problems) {
    Map<ContainerResources, Executor> executors = new LinkedHashMap<>();
    for (PlannedTask task : plan.tasks()) {
      ContainerResources resources = task.resources();
      if (!executors.containsKey(resources)) {
        executors.put(resources, new Executor(executors.size() + 1, resources));
        checkResources(resources, task.name(), config, problems);
      }
    }
    return executors;
  }

  private static void checkResources(
      ContainerResources resources, String task, VertexAiConfig config, List<Problem> problems) {
    String where = " (the resources of task '" + task + "' and every task with the same setup)";
    if (resources.cpuLimit() != null && !ResourceQuantities.isCpu(resources.cpuLimit())) {
      problems.add(
          problem(
              config,
              "run_config.resources",
              "cpu '" + resources.cpuLimit() + "' is not a CPU quantity such as 500m or 2" + where));
    }
    if (resources.memoryLimit() != null && !ResourceQuantities.isMemory(resources.memoryLimit())) {
      problems.add(
          problem(
              config,
              "run_config.resources",
              "memory '"
                  + resources.memoryLimit()
                  + "' is not a memory quantity such as 512Mi or 4G (whole numbers only)"
                  + where));
    }
    boolean hasType = !isBlank(resources.acceleratorType());
    boolean hasCount = resources.acceleratorCount() != null && resources.acceleratorCount() > 0;
    if (hasType != hasCount) {
      problems.add(
          problem(
              config,
              hasType ? "run_config.resources" : "run_config.node_selectors",
              hasType
                  ? "accelerator type '" + resources.acceleratorType() + "' is set but no gpu count" + where
                  : resources.acceleratorCount() + " gpu(s) requested but no accelerator type" + where));
    }
  }

  private static ObjectNode tasks(
      ExecutionPlan plan,
      VertexAiConfig config,
      Map<ContainerResources, Executor> executors,
      List<Problem> problems) {
    Set<String> names = new HashSet<>();
    for (PlannedTask task : plan.tasks()) {
      if (!names.add(task.name())) {
        throw new IllegalArgumentException("The plan has two tasks named '" + task.name() + "'");
      }
    }
    boolean enableCache = config.runConfig().enableCaching();
    Set<String> parameters = config.runConfig().parameters().keySet();
    Origin groupingOrigin =
        config
            .origin("run_config.grouping")
            .orElse(Origin.of("Kedro pipeline '" + plan.pipelineName() + "'"));

    ObjectNode tasks = SpecJson.object();
    for (PlannedTask task : plan.tasks()) {
      ObjectNode node = tasks.putObject(task.name());
      node.putObject("taskInfo").put("name", task.name());
      node.putObject("componentRef").put("name", executors.get(task.resources()).component());
      ObjectNode caching = node.putObject("cachingOptions");
      if (enableCache) {
        caching.put("enableCache", true);
      }
      if (!task.dependsOn().isEmpty()) {
        ArrayNode dependencies = node.putArray("dependentTasks");
        for (String dependency : new TreeSet<>(task.dependsOn())) {
          if (!names.contains(dependency)) {
            throw new IllegalArgumentException(
                "Task '" + task.name() + "' depends on '" + dependency + "', which is not in the plan");
          }
          dependencies.add(dependency);
        }
      }

      ObjectNode inputs = node.putObject("inputs").putObject("parameters");
      String nodesValue = SpecJson.compact(task.nodes());
      Set<String> stored = new TreeSet<>(task.storedInputs());
      stored.addAll(task.storedOutputs());
      String storedValue = SpecJson.compact(stored);
      inputs.putObject(NODES_INPUT).putObject("runtimeValue").put("constant", nodesValue);
      inputs.putObject(STORED_INPUT).putObject("runtimeValue").put("constant", storedValue);
      for (String parameter : parameters) {
        inputs.putObject(parameter).put("componentInputParameter", parameter);
      }

      if (nodesValue.length() > MAX_CONSTANT_CHARS) {
        problems.add(
            new Problem(
                groupingOrigin,
                "",
                tooLong(task, NODES_INPUT, task.nodes().size() + " Kedro nodes", nodesValue.length())
                    + " Split group '"
                    + task.group()
                    + "' into smaller groups."));
      }
      if (storedValue.length() > MAX_CONSTANT_CHARS) {
        problems.add(
            new Problem(
                groupingOrigin,
                "",
                tooLong(task, STORED_INPUT, stored.size() + " stored datasets", storedValue.length())
                    + " Give some of these datasets a catalog entry, or split group '"
                    + task.group()
                    + "'."));
      }
    }
    return tasks;
  }

  /**
   * Names for the exit handler's DAG task, the MLflow run task and the exit task that no planned task has (a local
   * run flattens the DAG, so they must differ from the names inside it too); null without an exit handler.
   */
  private static LifecycleNames lifecycleNames(CompileRequest request, List<Problem> problems) {
    RunLifecycle lifecycle = request.lifecycle();
    if (!lifecycle.hasExitHandler()) {
      return null;
    }
    Set<String> taken = new HashSet<>();
    request.plan().tasks().forEach(task -> taken.add(task.name()));
    String start = null;
    if (lifecycle.mlflow()) {
      start = TaskNames.unique(MLFLOW_START_TASK, taken);
      taken.add(start);
    }
    PlannedTask exitPipeline = lifecycle.exitPipeline();
    String exit = TaskNames.unique(exitPipeline != null ? exitPipeline.name() : MLFLOW_END_TASK, taken);
    taken.add(exit);
    String handler = TaskNames.unique(EXIT_HANDLER_TASK, taken);
    if (exitPipeline != null) {
      String nodesValue = SpecJson.compact(exitPipeline.nodes());
      if (nodesValue.length() > MAX_CONSTANT_CHARS) {
        problems.add(
            problem(
                request.config(),
                "run_config.on_exit_pipeline",
                tooLong(exitPipeline, NODES_INPUT, exitPipeline.nodes().size() + " Kedro nodes", nodesValue.length())
                    + " Name a smaller pipeline."));
      }
    }
    return new LifecycleNames(handler, start, exit);
  }

  /** Values that go into every task's arguments: the backend would take a {{$ in them as a placeholder. */
  private static void checkTrackingValues(VertexAiConfig config, List<Problem> problems) {
    RunConfig run = config.runConfig();
    for (int i = 0; i < run.dynamicConfigProviders().size(); i++) {
      if (SpecJson.compact(run.dynamicConfigProviders().get(i).params()).contains(PLACEHOLDER_START)) {
        String keyPath = "run_config.dynamic_config_providers[" + i + "].params";
        problems.add(problem(config, keyPath, "must not contain " + PLACEHOLDER_START + ", which Vertex AI takes for a placeholder"));
      }
    }
    if (SpecJson.compact(run.mlflow().requestHeaderProviderParams()).contains(PLACEHOLDER_START)) {
      String keyPath = "run_config.mlflow.request_header_provider_params";
      problems.add(problem(config, keyPath, "must not contain " + PLACEHOLDER_START + ", which Vertex AI takes for a placeholder"));
    }
  }

  private static String tooLong(PlannedTask task, String input, String what, int length) {
    return "task '"
        + task.name()
        + "' would pass its "
        + what
        + " to Vertex AI as "
        + input
        + ", a value of "
        + length
        + " characters; the Kubeflow Pipelines backend takes at most "
        + MAX_CONSTANT_CHARS
        + ".";
  }

  private static ObjectNode spec(
      CompileRequest request,
      String pipelineName,
      Map<ContainerResources, Executor> executors,
      ObjectNode tasks,
      LifecycleNames names) {
    VertexAiConfig config = request.config();
    RunConfig run = config.runConfig();
    ObjectNode spec = SpecJson.object();
    spec.put("schemaVersion", SCHEMA_VERSION);
    spec.put("sdkVersion", SDK_NAME + "-" + request.pluginVersion());
    // The Python SDK falls back to this when PipelineJob(template_path=...) gets no pipeline_root.
    spec.put("defaultPipelineRoot", gcsRoot(run));

    ObjectNode info = spec.putObject("pipelineInfo");
    info.put("name", pipelineName);
    if (!isBlank(run.description())) {
      info.put("description", run.description());
    }

    ObjectNode root = spec.putObject("root");
    root.putObject("dag").set("tasks", tasks);
    if (!run.parameters().isEmpty()) {
      ObjectNode rootInputs = root.putObject("inputDefinitions").putObject("parameters");
      for (PipelineParameter parameter : run.parameters().values()) {
        ObjectNode definition = rootInputs.putObject(parameter.name());
        definition.put("parameterType", parameter.type().irName());
        if (parameter.defaultValue() != null) {
          definition.set("defaultValue", parameter.defaultValue().json());
          definition.put("isOptional", true);
        }
      }
    }

    ObjectNode componentInputs = SpecJson.object();
    ObjectNode inputParameters = componentInputs.putObject("parameters");
    inputParameters.putObject(NODES_INPUT).put("parameterType", STRING_TYPE);
    inputParameters.putObject(STORED_INPUT).put("parameterType", STRING_TYPE);
    for (PipelineParameter parameter : run.parameters().values()) {
      inputParameters.putObject(parameter.name()).put("parameterType", parameter.type().irName());
    }

    if (request.lifecycle().mlflow()) {
      inputParameters.putObject(MLFLOW_RUN_ID).put("parameterType", STRING_TYPE);
    }

    ObjectNode container = container(request, Role.KEDRO, names);
    ObjectNode components = spec.putObject("components");
    ObjectNode deployedExecutors = spec.putObject("deploymentSpec").putObject("executors");
    for (Executor executor : executors.values()) {
      ObjectNode component = components.putObject(executor.component());
      component.put("executorLabel", executor.label());
      component.set("inputDefinitions", componentInputs.deepCopy());
      deployedExecutors.putObject(executor.label()).set("container", withResources(container, executor.resources()));
    }
    if (names != null) {
      wrapInExitHandler(request, spec, names);
    }
    return spec;
  }

  private static ObjectNode withResources(ObjectNode container, ContainerResources setup) {
    ObjectNode executorContainer = container.deepCopy();
    ObjectNode resources = resources(setup);
    if (!resources.isEmpty()) {
      executorContainer.set("resources", resources);
    }
    return executorContainer;
  }

  /**
   * Moves the planned tasks into the DAG of an exit handler, as the KFP SDK compiles {@code dsl.ExitHandler} (see
   * FACTS: the guarded tasks in a DAG component run by one root task, pipeline inputs passed down as
   * {@code pipelinechannel--<name>}, the exit task a root sibling that runs whatever the DAG's outcome and receives
   * its final status). With MLflow, the DAG starts with the MLflow run task, whose output every planned task takes
   * as {@code mlflow_run_id}; it is inside the DAG so that its failure, too, reaches the exit task.
   */
  private static void wrapInExitHandler(CompileRequest request, ObjectNode spec, LifecycleNames names) {
    RunLifecycle lifecycle = request.lifecycle();
    RunConfig run = request.config().runConfig();
    ObjectNode components = (ObjectNode) spec.get("components");
    ObjectNode executors = (ObjectNode) spec.path("deploymentSpec").get("executors");
    ObjectNode rootDag = (ObjectNode) spec.path("root").get("dag");
    ObjectNode innerTasks = (ObjectNode) rootDag.remove("tasks");

    // Inside the DAG, pipeline parameters are inputs of the DAG component.
    for (JsonNode task : innerTasks) {
      ObjectNode inputs = (ObjectNode) task.path("inputs").path("parameters");
      for (String parameter : run.parameters().keySet()) {
        inputs.putObject(parameter).put("componentInputParameter", CHANNEL_PREFIX + parameter);
      }
    }

    ContainerResources light = lightResources(request.config());
    if (lifecycle.mlflow()) {
      for (JsonNode task : innerTasks) {
        ObjectNode node = (ObjectNode) task;
        TreeSet<String> dependencies = new TreeSet<>();
        node.path("dependentTasks").forEach(dependency -> dependencies.add(dependency.asText()));
        dependencies.add(names.start());
        ArrayNode dependentTasks = node.putArray("dependentTasks");
        dependencies.forEach(dependentTasks::add);
        ObjectNode source =
            ((ObjectNode) node.path("inputs").path("parameters")).putObject(MLFLOW_RUN_ID).putObject("taskOutputParameter");
        source.put("producerTask", names.start());
        source.put("outputParameterKey", MLFLOW_RUN_ID);
      }
      ObjectNode start = SpecJson.object();
      start.putObject("taskInfo").put("name", names.start());
      start.putObject("componentRef").put("name", "comp-" + MLFLOW_START_TASK);
      // Every job must open a run of its own: never served from the cache.
      start.putObject("cachingOptions");
      channelInputs(start.putObject("inputs").putObject("parameters"), run, true);
      ObjectNode withStart = SpecJson.object();
      withStart.set(names.start(), start);
      withStart.setAll(innerTasks);
      innerTasks = withStart;

      ObjectNode component = components.putObject("comp-" + MLFLOW_START_TASK);
      component.put("executorLabel", "exec-" + MLFLOW_START_TASK);
      parameterDefinitions(component, run, false);
      component
          .putObject("outputDefinitions")
          .putObject("parameters")
          .putObject(MLFLOW_RUN_ID)
          .put("parameterType", STRING_TYPE);
      executors
          .putObject("exec-" + MLFLOW_START_TASK)
          .set("container", withResources(container(request, Role.MLFLOW_START, names), light));
    }

    ObjectNode handlerComponent = components.putObject("comp-" + EXIT_HANDLER_TASK);
    handlerComponent.putObject("dag").set("tasks", innerTasks);
    parameterDefinitions(handlerComponent, run, true);

    ObjectNode rootTasks = rootDag.putObject("tasks");
    ObjectNode handler = rootTasks.putObject(names.handler());
    handler.putObject("taskInfo").put("name", names.handler());
    handler.putObject("componentRef").put("name", "comp-" + EXIT_HANDLER_TASK);
    ObjectNode handlerInputs = handler.putObject("inputs").putObject("parameters");
    for (String parameter : run.parameters().keySet()) {
      handlerInputs.putObject(CHANNEL_PREFIX + parameter).put("componentInputParameter", parameter);
    }

    PlannedTask exitPipeline = lifecycle.exitPipeline();
    ObjectNode exit = rootTasks.putObject(names.exit());
    exit.putObject("taskInfo").put("name", names.exit());
    exit.putObject("componentRef").put("name", "comp-kedro-exit");
    exit.putObject("cachingOptions");
    exit.putArray("dependentTasks").add(names.handler());
    exit.putObject("triggerPolicy").put("strategy", "ALL_UPSTREAM_TASKS_COMPLETED");
    ObjectNode exitInputs = exit.putObject("inputs").putObject("parameters");
    exitInputs.putObject(STATUS_INPUT).putObject("taskFinalStatus").put("producerTask", names.handler());
    exitInputs
        .putObject(NODES_INPUT)
        .putObject("runtimeValue")
        .put("constant", SpecJson.compact(exitPipeline == null ? List.of() : exitPipeline.nodes()));
    channelInputs(exitInputs, run, false);

    ObjectNode exitComponent = components.putObject("comp-kedro-exit");
    exitComponent.put("executorLabel", "exec-kedro-exit");
    ObjectNode exitDefinitions = parameterDefinitions(exitComponent, run, false);
    exitDefinitions.putObject(NODES_INPUT).put("parameterType", STRING_TYPE);
    exitDefinitions.putObject(STATUS_INPUT).put("parameterType", FINAL_STATUS_TYPE).put("isOptional", true);
    executors
        .putObject("exec-kedro-exit")
        .set(
            "container",
            withResources(
                container(request, Role.EXIT, names), exitPipeline == null ? light : exitPipeline.resources()));
  }

  /** Each pipeline parameter as an input: from the enclosing DAG's channel (inside it), or from the root. */
  private static void channelInputs(ObjectNode inputs, RunConfig run, boolean insideHandler) {
    for (String parameter : run.parameters().keySet()) {
      inputs.putObject(parameter).put("componentInputParameter", insideHandler ? CHANNEL_PREFIX + parameter : parameter);
    }
  }

  /** Declares the pipeline parameters as inputs of {@code component} (as channels for a DAG component). */
  private static ObjectNode parameterDefinitions(ObjectNode component, RunConfig run, boolean channels) {
    ObjectNode definitions = component.putObject("inputDefinitions").putObject("parameters");
    for (PipelineParameter parameter : run.parameters().values()) {
      definitions
          .putObject(channels ? CHANNEL_PREFIX + parameter.name() : parameter.name())
          .put("parameterType", parameter.type().irName());
    }
    return definitions;
  }

  /** The MLflow run task and an exit task that only closes the run: the default task resources, no accelerator. */
  private static ContainerResources lightResources(VertexAiConfig config) {
    ResourceRequest configured = config.runConfig().resources().get(RunConfig.DEFAULT_KEY);
    ResourceRequest defaults = RunConfig.DEFAULT_RESOURCES;
    return new ContainerResources(
        configured != null && configured.cpu() != null ? configured.cpu() : defaults.cpu(),
        configured != null && configured.memory() != null ? configured.memory() : defaults.memory(),
        null,
        null);
  }

  /** What every executor of a role shares: the contract with the task runtime script (see README). */
  private static ObjectNode container(CompileRequest request, Role role, LifecycleNames names) {
    VertexAiConfig config = request.config();
    RunConfig run = config.runConfig();
    RunLifecycle lifecycle = request.lifecycle();
    ObjectNode container = SpecJson.object();
    container.put("image", request.image());
    container.putArray("command").add("python").add("-c").add(request.taskScript());

    ArrayNode args = container.putArray("args");
    String pipeline =
        role == Role.EXIT && lifecycle.exitPipeline() != null
            ? lifecycle.exitPipeline().group()
            : request.plan().pipelineName();
    args.add("--pipeline").add(pipeline);
    args.add("--env").add(config.env());
    switch (role) {
      case KEDRO -> {
        args.add("--nodes").add(inputPlaceholder(NODES_INPUT));
        args.add("--stored").add(inputPlaceholder(STORED_INPUT));
      }
      case MLFLOW_START -> {
        args.add("--nodes").add("[]");
        args.add("--mlflow-start-run").add("{{$.outputs.parameters['" + MLFLOW_RUN_ID + "'].output_file}}");
      }
      case EXIT -> {
        args.add("--nodes").add(inputPlaceholder(NODES_INPUT));
        args.add("--exit-status").add(inputPlaceholder(STATUS_INPUT));
      }
    }
    args.add(PythonScripts.ROOT_OPTION).add(gcsRoot(run));
    for (PipelineParameter parameter : run.parameters().values()) {
      args.add("--param")
          .add(parameter.name())
          .add(parameter.type().configName())
          .add(inputPlaceholder(parameter.name()));
    }
    // Vertex AI has no hostAliases for pipeline tasks: the task script adds these lines to /etc/hosts.
    for (HostAlias alias : run.network().hostAliases()) {
      args.add(PythonScripts.HOST_ALIAS_OPTION).add(alias.ip() + "=" + String.join(",", alias.hostnames()));
    }
    for (DynamicConfigProvider provider : run.dynamicConfigProviders()) {
      ObjectNode value = SpecJson.object();
      value.put("cls", provider.cls());
      value.set("params", SpecJson.value(provider.params()));
      args.add("--config-provider").add(SpecJson.compact(value));
    }
    if (lifecycle.mlflow()) {
      args.add("--mlflow");
      String headerProvider = run.mlflow().effectiveHeaderProvider();
      if (headerProvider != null) {
        args.add("--mlflow-header-provider").add(headerProvider);
        args.add("--mlflow-header-params").add(SpecJson.compact(run.mlflow().requestHeaderProviderParams()));
      }
    }

    ArrayNode env = container.putArray("env");
    addEnv(env, "GCP_PROJECT_ID", config.projectId());
    addEnv(env, "GCP_REGION", config.region());
    addEnv(env, "KEDRO_CONFIG_JOB_NAME", "{{$.pipeline_job_name}}");
    addEnv(env, "KEDRO_CONFIG_RUN_ID", "{{$.pipeline_job_uuid}}");
    if (role == Role.KEDRO && lifecycle.mlflow()) {
      // A task input, not shell text: the run id reaches kedro-mlflow, which resumes that run.
      addEnv(env, "MLFLOW_RUN_ID", inputPlaceholder(MLFLOW_RUN_ID));
    }
    return container;
  }

  private static ObjectNode resources(ContainerResources resources) {
    ObjectNode node = SpecJson.object();
    if (resources.cpuLimit() != null) {
      node.put("resourceCpuLimit", resources.cpuLimit());
      node.put("cpuLimit", ResourceQuantities.cores(resources.cpuLimit()));
    }
    if (resources.memoryLimit() != null) {
      node.put("resourceMemoryLimit", resources.memoryLimit());
      node.put("memoryLimit", ResourceQuantities.gigabytes(resources.memoryLimit()));
    }
    if (resources.hasAccelerator()) {
      ObjectNode accelerator = node.putObject("accelerator");
      String count = Integer.toString(resources.acceleratorCount());
      accelerator.put("resourceType", resources.acceleratorType());
      accelerator.put("resourceCount", count);
      // The deprecated mirrors, for older backends; count is an int64, which proto3 JSON writes as a string.
      accelerator.put("type", resources.acceleratorType());
      accelerator.put("count", count);
    }
    return node;
  }

  private static ObjectNode job(
      VertexAiConfig config, String pipelineName, Map<String, String> labels, ObjectNode spec) {
    RunConfig run = config.runConfig();
    ObjectNode job = SpecJson.object();
    job.put("displayName", pipelineName);
    job.set("pipelineSpec", spec);
    ObjectNode labelNode = job.putObject("labels");
    labels.forEach(labelNode::put);

    ObjectNode runtimeConfig = job.putObject("runtimeConfig");
    runtimeConfig.put("gcsOutputDirectory", gcsRoot(run));
    ObjectNode values = SpecJson.object();
    for (PipelineParameter parameter : run.parameters().values()) {
      if (parameter.defaultValue() != null) {
        values.set(parameter.name(), parameter.defaultValue().json());
      }
    }
    if (!values.isEmpty()) {
      runtimeConfig.set("parameterValues", values);
    }

    if (!isBlank(run.serviceAccount())) {
      job.put("serviceAccount", run.serviceAccount());
    }
    if (!isBlank(run.network().vpc())) {
      job.put("network", run.network().vpc());
    }
    if (!isBlank(run.encryptionKey())) {
      job.putObject("encryptionSpec").put("kmsKeyName", run.encryptionKey());
    }
    return job;
  }

  /** {@code gs://bucket/prefix}, whichever way the root was written, without a trailing slash. */
  public static String gcsRoot(RunConfig run) {
    String path = run.rootPath();
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    return "gs://" + path.substring(0, end);
  }

  static String inputPlaceholder(String input) {
    return "{{$.inputs.parameters['" + input + "']}}";
  }

  private static void addEnv(ArrayNode env, String name, String value) {
    ObjectNode variable = env.addObject();
    variable.put("name", name);
    variable.put("value", value);
  }

  private static Problem problem(VertexAiConfig config, String keyPath, String message) {
    return new Problem(config.originOf(keyPath), keyPath, message);
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
