package dev.kedrovertexai.core.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.python.PythonScripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a KFP v2 PipelineSpec (IR JSON) into local task launches, with the IR's own semantics rather than the
 * layout our compiler happens to write: any task graph of container executors, input parameters fed by constants
 * or root inputs, placeholders in command, args and env. What a local run cannot do (task outputs, nested
 * pipelines, importer executors, placeholders with no local meaning) is reported, all at once, before any
 * process starts.
 */
final class PipelineSpecReader {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\$(.*?)}}");
  private static final Pattern INPUT_PARAMETER = Pattern.compile("\\.inputs\\.parameters\\['([^']*)']");
  private static final Pattern PYTHON_COMMAND = Pattern.compile("python[0-9.]*");

  private final Path specFile;
  private final JsonNode spec;
  private final Origin origin;
  /** A set: an executor shared by many tasks would otherwise report its problem once per task. */
  private final Set<Problem> problems = new LinkedHashSet<>();

  private PipelineSpecReader(Path specFile, JsonNode spec) {
    this.specFile = specFile;
    this.spec = spec;
    this.origin = Origin.of(specFile.toString());
  }

  static PipelineSpecReader read(Path specFile) throws KedroVertexAiException {
    String text;
    try {
      text = Files.readString(specFile);
    } catch (NoSuchFileException e) {
      throw new KedroVertexAiException(
          "No compiled pipeline at " + specFile + ": run mvn vertexai:compile first");
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot read " + specFile + ": " + e.getMessage(), e);
    }
    JsonNode spec;
    try {
      spec = ParameterText.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new KedroVertexAiException(
          specFile + " is not valid JSON: " + e.getOriginalMessage() + "; compile it again", e);
    }
    if (spec == null || !spec.isObject()) {
      throw new KedroVertexAiException(specFile + " is not a PipelineSpec: expected a JSON object");
    }
    return new PipelineSpecReader(specFile, spec);
  }

  /** {@code pipelineInfo.name}, which names the run. */
  String pipelineName() throws ProblemsException {
    JsonNode name = spec.path("pipelineInfo").path("name");
    if (!name.isTextual() || !name.textValue().matches("[a-z0-9][a-z0-9-]*")) {
      throw new ProblemsException(
          "Cannot run " + specFile + " locally",
          List.of(
              new Problem(
                  origin, "pipelineInfo.name", "expected a name of [a-z0-9-] characters, found " + name)));
    }
    return name.textValue();
  }

  /**
   * Every task as a local process, in the order they can run (a task after the tasks it depends on; by name
   * among tasks that are ready together).
   *
   * @param parameters values of root input parameters; the spec's defaults apply to the others
   */
  List<TaskLaunch> tasks(SystemValues system, Map<String, Object> parameters, String python)
      throws ProblemsException {
    Map<String, JsonNode> rootInputs = rootInputs(parameters);
    JsonNode taskNodes = spec.path("root").path("dag").path("tasks");
    if (!taskNodes.isObject() || taskNodes.isEmpty()) {
      problems.add(new Problem(origin, "root.dag.tasks", "expected at least one task"));
    }
    Map<String, TaskLaunch> launches = new TreeMap<>();
    for (String task : sortedNames(taskNodes)) {
      TaskLaunch launch = task(task, taskNodes.get(task), taskNodes, rootInputs, system, python);
      if (launch != null) {
        launches.put(task, launch);
      }
    }
    List<TaskLaunch> ordered = problems.isEmpty() ? topologicalOrder(launches) : List.of();
    if (!problems.isEmpty()) {
      throw new ProblemsException("Cannot run " + specFile + " locally", List.copyOf(problems));
    }
    return ordered;
  }

  /** Root input values: the given value, else the spec's default; a required input without a value is a problem. */
  private Map<String, JsonNode> rootInputs(Map<String, Object> parameters) {
    JsonNode declared = spec.path("root").path("inputDefinitions").path("parameters");
    Map<String, JsonNode> values = new HashMap<>();
    for (String name : sortedNames(declared)) {
      JsonNode definition = declared.get(name);
      if (parameters.containsKey(name)) {
        values.put(name, ParameterText.toJson(parameters.get(name)));
      } else if (definition.has("defaultValue")) {
        values.put(name, definition.get("defaultValue"));
      } else if (!definition.path("isOptional").asBoolean(false)) {
        problems.add(
            new Problem(
                origin,
                "root.inputDefinitions.parameters." + name,
                "the pipeline parameter '" + name + "' has no default and no value was given"));
      }
    }
    for (String name : new TreeSet<>(parameters.keySet())) {
      if (!declared.has(name)) {
        problems.add(
            new Problem(
                Origin.of("runtime parameters"),
                name,
                "not an input parameter of the pipeline; its parameters are " + sortedNames(declared)));
      }
    }
    return values;
  }

  private TaskLaunch task(
      String task,
      JsonNode node,
      JsonNode allTasks,
      Map<String, JsonNode> rootInputs,
      SystemValues system,
      String python) {
    String taskPath = "root.dag.tasks." + task;
    int before = problems.size();
    List<String> dependsOn = new ArrayList<>();
    for (JsonNode dependency : node.path("dependentTasks")) {
      if (!allTasks.has(dependency.asText())) {
        problems.add(
            new Problem(
                origin,
                taskPath + ".dependentTasks",
                "depends on '" + dependency.asText() + "', which is not a task of root.dag.tasks"));
      }
      dependsOn.add(dependency.asText());
    }
    String componentName = node.path("componentRef").path("name").asText("");
    JsonNode component = spec.path("components").path(componentName);
    if (!component.isObject()) {
      problems.add(
          new Problem(
              origin,
              taskPath + ".componentRef.name",
              "component '" + componentName + "' is not defined under components"));
      return null;
    }
    String componentPath = "components." + componentName;
    if (component.has("dag")) {
      problems.add(
          new Problem(origin, componentPath, "nested pipelines (components with a dag) cannot run locally"));
      return null;
    }
    String executorLabel = component.path("executorLabel").asText("");
    String executorPath = "deploymentSpec.executors." + executorLabel;
    JsonNode container = spec.path("deploymentSpec").path("executors").path(executorLabel).path("container");
    if (!container.isObject()) {
      problems.add(
          new Problem(
              origin,
              componentPath + ".executorLabel",
              "executor '" + executorLabel + "' is not a container executor under deploymentSpec.executors"));
      return null;
    }
    Map<String, String> inputs = inputs(task, node, component, componentName, rootInputs);
    Map<String, String> values = systemValues(task, system);
    String containerPath = executorPath + ".container";

    List<String> command = new ArrayList<>();
    int index = 0;
    for (JsonNode part : container.path("command")) {
      command.add(fill(part.asText(), task, inputs, values, containerPath + ".command[" + index++ + "]"));
    }
    if (command.isEmpty()) {
      problems.add(
          new Problem(
              origin,
              containerPath + ".command",
              "no command: a local run cannot know the image's entrypoint"));
      return null;
    }
    String program = command.get(0).substring(command.get(0).lastIndexOf('/') + 1);
    if (PYTHON_COMMAND.matcher(program).matches()) {
      command.set(0, python);
    }
    List<String> args = new ArrayList<>();
    index = 0;
    for (JsonNode part : container.path("args")) {
      args.add(fill(part.asText(), task, inputs, values, containerPath + ".args[" + index++ + "]"));
    }
    // The task runtime's contract: the pipeline root follows --root.
    int root = args.indexOf(PythonScripts.ROOT_OPTION);
    if (root >= 0 && root + 1 < args.size()) {
      args.set(root + 1, system.rootUri());
    }
    // The runtime would write these into this machine's /etc/hosts (for good, as root); a local run must not.
    List<String> hostAliases = new ArrayList<>();
    for (int alias = args.indexOf(PythonScripts.HOST_ALIAS_OPTION);
        alias >= 0 && alias + 1 < args.size();
        alias = args.indexOf(PythonScripts.HOST_ALIAS_OPTION)) {
      hostAliases.add(args.remove(alias + 1));
      args.remove(alias);
    }
    command.addAll(args);

    Map<String, String> environment = new LinkedHashMap<>();
    index = 0;
    for (JsonNode variable : container.path("env")) {
      String name = variable.path("name").asText("");
      if (name.isEmpty()) {
        problems.add(new Problem(origin, containerPath + ".env[" + index + "]", "expected a name"));
      }
      environment.put(
          name,
          fill(
              variable.path("value").asText(""),
              task,
              inputs,
              values,
              containerPath + ".env[" + index + "].value"));
      index++;
    }
    return problems.size() > before ? null : new TaskLaunch(task, dependsOn, command, environment, hostAliases);
  }

  /** The text of each input parameter of the task: its own source, else the component's default. */
  private Map<String, String> inputs(
      String task,
      JsonNode node,
      JsonNode component,
      String componentName,
      Map<String, JsonNode> rootInputs) {
    String taskPath = "root.dag.tasks." + task;
    JsonNode declared = component.path("inputDefinitions").path("parameters");
    JsonNode given = node.path("inputs").path("parameters");
    Map<String, String> texts = new HashMap<>();
    for (String name : sortedNames(given)) {
      String path = taskPath + ".inputs.parameters." + name;
      if (!declared.has(name)) {
        problems.add(
            new Problem(origin, path, "not an input of component '" + componentName + "'"));
        continue;
      }
      JsonNode source = given.get(name);
      JsonNode value;
      if (source.path("runtimeValue").has("constant")) {
        value = source.path("runtimeValue").get("constant");
      } else if (source.has("componentInputParameter")) {
        String rootInput = source.get("componentInputParameter").asText();
        if (!spec.path("root").path("inputDefinitions").path("parameters").has(rootInput)) {
          problems.add(
              new Problem(
                  origin,
                  path + ".componentInputParameter",
                  "'" + rootInput + "' is not declared in root.inputDefinitions.parameters"));
          continue;
        }
        value = rootInputs.get(rootInput);
        if (value == null) {
          // Reported once for the whole spec by rootInputs; not again for each placeholder that uses it.
          texts.put(name, "");
          continue;
        }
      } else {
        problems.add(
            new Problem(
                origin,
                path,
                source.has("taskOutputParameter")
                    ? "task output parameters are not supported in local runs"
                    : "expected runtimeValue.constant or componentInputParameter, found " + source));
        // Reported here; not again for each placeholder that uses it.
        texts.put(name, "");
        continue;
      }
      String text = ParameterText.of(value);
      if (text != null) {
        texts.put(name, text);
      }
    }
    for (String name : sortedNames(declared)) {
      JsonNode defaultValue = declared.get(name).get("defaultValue");
      if (!texts.containsKey(name) && !given.has(name) && defaultValue != null) {
        String text = ParameterText.of(defaultValue);
        if (text != null) {
          texts.put(name, text);
        }
      }
    }
    return texts;
  }

  private static Map<String, String> systemValues(String task, SystemValues system) {
    Map<String, String> values = new HashMap<>();
    values.put(".pipeline_job_name", system.jobName());
    values.put(".pipeline_job_uuid", system.jobUuid());
    values.put(".pipeline_task_name", task);
    values.put(".pipeline_task_uuid", system.taskUuids().get());
    values.put(".pipeline_root", system.rootUri());
    values.put(".pipeline_job_create_time_utc", system.createTime().toString());
    values.put(".pipeline_job_schedule_time_utc", system.createTime().toString());
    return values;
  }

  /** Replaces every placeholder in {@code text}; one the local run cannot fill is a problem. */
  private String fill(
      String text, String task, Map<String, String> inputs, Map<String, String> system, String keyPath) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder filled = new StringBuilder();
    while (matcher.find()) {
      String expression = matcher.group(1);
      String value = system.get(expression);
      if (value == null) {
        Matcher input = INPUT_PARAMETER.matcher(expression);
        if (input.matches()) {
          value = inputs.get(input.group(1));
          if (value == null) {
            problems.add(
                new Problem(
                    origin,
                    keyPath,
                    "task '"
                        + task
                        + "' has no value for input parameter '"
                        + input.group(1)
                        + "' (is it declared in the component's inputDefinitions and given a value?)"));
            value = "";
          }
        } else {
          problems.add(
              new Problem(
                  origin,
                  keyPath,
                  "placeholder "
                      + matcher.group()
                      + " cannot be filled in a local run; supported: {{$.inputs.parameters['<name>']}}, "
                      + "{{$.pipeline_job_name}}, {{$.pipeline_job_uuid}}, {{$.pipeline_task_name}}, "
                      + "{{$.pipeline_task_uuid}}, {{$.pipeline_root}}, {{$.pipeline_job_create_time_utc}}, "
                      + "{{$.pipeline_job_schedule_time_utc}}"));
          value = "";
        }
      }
      matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(filled);
    return filled.toString();
  }

  /** Kahn's algorithm, choosing by name among ready tasks; tasks on a cycle are a problem. */
  private List<TaskLaunch> topologicalOrder(Map<String, TaskLaunch> launches) {
    ReadyTasks readiness = new ReadyTasks(launches.values());
    List<TaskLaunch> ordered = new ArrayList<>();
    while (!readiness.isEmpty()) {
      String next = readiness.next();
      ordered.add(launches.get(next));
      readiness.succeeded(next);
    }
    if (ordered.size() < launches.size()) {
      problems.add(
          new Problem(
              origin,
              "root.dag.tasks",
              "these tasks are on, or wait for, a cycle of dependentTasks: " + readiness.waiting()));
    }
    return ordered;
  }

  private static List<String> sortedNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    names.sort(null);
    return names;
  }
}
