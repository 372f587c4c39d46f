package dev.kedrovertexai.core.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.config.ParameterValue;
import dev.kedrovertexai.core.io.JsonFiles;
import dev.kedrovertexai.core.plan.TopologicalOrder;
import dev.kedrovertexai.core.python.PythonScripts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
 * layout our compiler happens to write: any task graph of container executors, DAG components (an exit handler's)
 * whose tasks run alongside the root's, input parameters fed by constants, the enclosing component's inputs, other
 * tasks' output parameters or a DAG's final status, trigger policies, placeholders in command, args and env. What a
 * local run cannot do (importer executors, placeholders with no local meaning, task names repeated across DAGs) is
 * reported, all at once, before any process starts.
 */
final class PipelineSpecReader {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\$(.*?)}}");
  private static final Pattern INPUT_PARAMETER = Pattern.compile("\\.inputs\\.parameters\\['([^']*)']");
  private static final Pattern OUTPUT_FILE = Pattern.compile("\\.outputs\\.parameters\\['([^']*)']\\.output_file");
  private static final String AFTER_FAILURE_STRATEGY = "ALL_UPSTREAM_TASKS_COMPLETED";
  /** The value of an input whose problem is already reported: filled as empty, not reported again per use. */
  private static final Object REPORTED = new Object();
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
    JsonNode spec = JsonFiles.read(specFile, "{goal:compile} writes it");
    if (!spec.isObject()) {
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
  List<TaskLaunch> tasks(SystemValues system, Map<String, ParameterValue> parameters, String python)
      throws ProblemsException {
    Map<String, JsonNode> rootInputs = rootInputs(parameters);
    JsonNode taskNodes = spec.path("root").path("dag").path("tasks");
    if (!taskNodes.isObject() || taskNodes.isEmpty()) {
      problems.add(new Problem(origin, "root.dag.tasks", "expected at least one task"));
    }
    Map<String, Object> rootValues = new HashMap<>();
    JsonNode rootDeclared = spec.path("root").path("inputDefinitions").path("parameters");
    for (String name : sortedNames(rootDeclared)) {
      // A required input without a value is reported once by rootInputs; not again for each use.
      rootValues.put(name, rootInputs.containsKey(name) ? rootInputs.get(name) : REPORTED);
    }
    Map<String, TaskLaunch> launches = new TreeMap<>();
    dag(new Scope("root.dag.tasks", "root.inputDefinitions.parameters", rootDeclared, rootValues),
        taskNodes, List.of(), launches, system, python);
    List<TaskLaunch> ordered = problems.isEmpty() ? topologicalOrder(launches) : List.of();
    if (!problems.isEmpty()) {
      throw new ProblemsException("Cannot run " + specFile + " locally", List.copyOf(problems));
    }
    return ordered;
  }

  /**
   * Where a DAG's tasks take their {@code componentInputParameter}s from: the pipeline's root inputs, or the inputs
   * of the DAG component that holds them.
   *
   * @param values each declared input's value: a JsonNode, or a {@link LateValue}
   */
  private record Scope(String tasksPath, String declaredPath, JsonNode declared, Map<String, Object> values) {}

  /**
   * The tasks of one DAG, added to {@code launches}; the tasks of a DAG component within it run as tasks of the
   * run, after what that component's task depends on ({@code inherited}).
   */
  private void dag(
      Scope scope,
      JsonNode taskNodes,
      List<String> inherited,
      Map<String, TaskLaunch> launches,
      SystemValues system,
      String python) {
    for (String task : sortedNames(taskNodes)) {
      JsonNode node = taskNodes.get(task);
      String taskPath = scope.tasksPath() + "." + task;
      List<String> dependsOn = new ArrayList<>(inherited);
      for (JsonNode dependency : node.path("dependentTasks")) {
        if (!taskNodes.has(dependency.asText())) {
          problems.add(
              new Problem(
                  origin,
                  taskPath + ".dependentTasks",
                  "depends on '" + dependency.asText() + "', which is not a task of " + scope.tasksPath()));
          continue;
        }
        dependsOn.addAll(members(dependency.asText(), taskNodes));
      }
      String componentName = node.path("componentRef").path("name").asText("");
      JsonNode component = spec.path("components").path(componentName);
      if (!component.isObject()) {
        problems.add(
            new Problem(
                origin,
                taskPath + ".componentRef.name",
                "component '" + componentName + "' is not defined under components"));
        continue;
      }
      Map<String, Object> inputs = inputs(task, taskPath, node, component, componentName, scope, taskNodes, dependsOn);
      if (component.has("dag")) {
        String componentPath = "components." + componentName;
        Scope inner =
            new Scope(
                componentPath + ".dag.tasks",
                componentPath + ".inputDefinitions.parameters",
                component.path("inputDefinitions").path("parameters"),
                inputs);
        dag(inner, component.path("dag").path("tasks"), dependsOn, launches, system, python);
        continue;
      }
      if (launches.containsKey(task)) {
        problems.add(
            new Problem(
                origin,
                taskPath,
                "another DAG of the spec has a task named '" + task + "' too; a local run needs unique task names"));
        continue;
      }
      TaskLaunch launch = task(task, taskPath, node, component, componentName, inputs, dependsOn, system, python);
      if (launch != null) {
        launches.put(task, launch);
      }
    }
  }

  /** The container tasks a sibling task stands for: itself, or every task of its DAG component, at any depth. */
  private List<String> members(String task, JsonNode siblings) {
    JsonNode component = spec.path("components").path(siblings.path(task).path("componentRef").path("name").asText(""));
    if (!component.has("dag")) {
      return List.of(task);
    }
    List<String> members = new ArrayList<>();
    JsonNode inner = component.path("dag").path("tasks");
    for (String name : sortedNames(inner)) {
      members.addAll(members(name, inner));
    }
    return members;
  }

  /** Root input values: the given value, else the spec's default; a required input without a value is a problem. */
  private Map<String, JsonNode> rootInputs(Map<String, ParameterValue> parameters) {
    JsonNode declared = spec.path("root").path("inputDefinitions").path("parameters");
    Map<String, JsonNode> values = new HashMap<>();
    for (String name : sortedNames(declared)) {
      JsonNode definition = declared.get(name);
      if (parameters.containsKey(name)) {
        values.put(name, parameters.get(name).json());
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
      String taskPath,
      JsonNode node,
      JsonNode component,
      String componentName,
      Map<String, Object> inputs,
      List<String> dependsOn,
      SystemValues system,
      String python) {
    int before = problems.size();
    String componentPath = "components." + componentName;
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
    Map<String, Object> texts = new HashMap<>();
    inputs.forEach(
        (name, value) -> {
          if (value == REPORTED) {
            texts.put(name, "");
          } else if (value instanceof LateValue) {
            texts.put(name, value);
          } else if (ParameterText.of((JsonNode) value) != null) {
            texts.put(name, ParameterText.of((JsonNode) value));
          }
        });
    Map<String, String> values = systemValues(task, system);
    JsonNode declaredOutputs = component.path("outputDefinitions").path("parameters");
    Map<String, Path> outputFiles = new TreeMap<>();
    for (String output : sortedNames(declaredOutputs)) {
      outputFiles.put(output, system.parametersDir().resolve(task).resolve(output));
    }
    Filler filler = new Filler(task, texts, values, outputFiles);
    String containerPath = executorPath + ".container";

    List<LaunchText> command = new ArrayList<>();
    int index = 0;
    for (JsonNode part : container.path("command")) {
      command.add(filler.fill(part.asText(), containerPath + ".command[" + index++ + "]"));
    }
    if (command.isEmpty()) {
      problems.add(
          new Problem(
              origin,
              containerPath + ".command",
              "no command: a local run cannot know the image's entrypoint"));
      return null;
    }
    String first = command.get(0).toString();
    String program = first.substring(first.lastIndexOf('/') + 1);
    if (PYTHON_COMMAND.matcher(program).matches()) {
      command.set(0, LaunchText.of(python));
    }
    List<LaunchText> args = new ArrayList<>();
    index = 0;
    for (JsonNode part : container.path("args")) {
      args.add(filler.fill(part.asText(), containerPath + ".args[" + index++ + "]"));
    }
    // The task runtime's contract: the pipeline root follows --root.
    int root = args.indexOf(LaunchText.of(PythonScripts.ROOT_OPTION));
    if (root >= 0 && root + 1 < args.size()) {
      args.set(root + 1, LaunchText.of(system.rootUri()));
    }
    // The runtime would write these into this machine's /etc/hosts (for good, as root); a local run must not.
    List<String> hostAliases = new ArrayList<>();
    LaunchText hostAliasOption = LaunchText.of(PythonScripts.HOST_ALIAS_OPTION);
    for (int alias = args.indexOf(hostAliasOption);
        alias >= 0 && alias + 1 < args.size();
        alias = args.indexOf(hostAliasOption)) {
      hostAliases.add(args.remove(alias + 1).toString());
      args.remove(alias);
    }
    command.addAll(args);

    Map<String, LaunchText> environment = new LinkedHashMap<>();
    index = 0;
    for (JsonNode variable : container.path("env")) {
      String name = variable.path("name").asText("");
      if (name.isEmpty()) {
        problems.add(new Problem(origin, containerPath + ".env[" + index + "]", "expected a name"));
      }
      environment.put(
          name, filler.fill(variable.path("value").asText(""), containerPath + ".env[" + index + "].value"));
      index++;
    }
    boolean afterFailure =
        AFTER_FAILURE_STRATEGY.equals(node.path("triggerPolicy").path("strategy").asText(""));
    List<String> sortedDependencies = new ArrayList<>(new TreeSet<>(dependsOn));
    return problems.size() > before
        ? null
        : new TaskLaunch(task, sortedDependencies, command, environment, afterFailure, outputFiles, hostAliases);
  }

  /**
   * The value of each input parameter of the task (a JsonNode, or a {@link LateValue}): its own source, else the
   * component's default. A task that takes another task's output waits for it ({@code dependsOn} gets it).
   */
  private Map<String, Object> inputs(
      String task,
      String taskPath,
      JsonNode node,
      JsonNode component,
      String componentName,
      Scope scope,
      JsonNode siblings,
      List<String> dependsOn) {
    JsonNode declared = component.path("inputDefinitions").path("parameters");
    JsonNode given = node.path("inputs").path("parameters");
    Map<String, Object> values = new HashMap<>();
    for (String name : sortedNames(given)) {
      String path = taskPath + ".inputs.parameters." + name;
      if (!declared.has(name)) {
        problems.add(
            new Problem(origin, path, "not an input of component '" + componentName + "'"));
        continue;
      }
      String placeholder = "{{$.inputs.parameters['" + name + "']}}";
      JsonNode source = given.get(name);
      if (source.path("runtimeValue").has("constant")) {
        values.put(name, source.path("runtimeValue").get("constant"));
      } else if (source.has("componentInputParameter")) {
        String input = source.get("componentInputParameter").asText();
        if (!scope.declared().has(input)) {
          problems.add(
              new Problem(
                  origin,
                  path + ".componentInputParameter",
                  "'" + input + "' is not declared in " + scope.declaredPath()));
          // Reported here; not again for each placeholder that uses it.
          values.put(name, REPORTED);
          continue;
        }
        values.put(name, scope.values().getOrDefault(input, REPORTED));
      } else if (source.has("taskOutputParameter")) {
        String producer = source.path("taskOutputParameter").path("producerTask").asText("");
        String key = source.path("taskOutputParameter").path("outputParameterKey").asText("");
        JsonNode producerComponent =
            spec.path("components").path(siblings.path(producer).path("componentRef").path("name").asText(""));
        if (!siblings.has(producer) || producerComponent.has("dag")
            || !producerComponent.path("outputDefinitions").path("parameters").has(key)) {
          problems.add(
              new Problem(
                  origin,
                  path + ".taskOutputParameter",
                  "expected the output '" + key + "' of a container task of " + scope.tasksPath() + ", but '"
                      + producer + "' " + (siblings.has(producer) ? "declares no such output" : "is not one")));
          values.put(name, REPORTED);
          continue;
        }
        if (!dependsOn.contains(producer)) {
          dependsOn.add(producer);
        }
        values.put(name, new LateValue.TaskOutput(producer, key, placeholder));
      } else if (source.has("taskFinalStatus")) {
        String producer = source.path("taskFinalStatus").path("producerTask").asText("");
        if (!siblings.has(producer) || members(producer, siblings).equals(List.of(producer))) {
          problems.add(
              new Problem(
                  origin,
                  path + ".taskFinalStatus",
                  "expected the final status of a DAG task of " + scope.tasksPath() + ", but '" + producer
                      + "' is not one"));
          values.put(name, REPORTED);
          continue;
        }
        values.put(name, new LateValue.FinalStatus(producer, members(producer, siblings), placeholder));
      } else {
        problems.add(
            new Problem(
                origin,
                path,
                "expected runtimeValue.constant, componentInputParameter, taskOutputParameter or"
                    + " taskFinalStatus, found " + source));
        // Reported here; not again for each placeholder that uses it.
        values.put(name, REPORTED);
      }
    }
    for (String name : sortedNames(declared)) {
      JsonNode defaultValue = declared.get(name).get("defaultValue");
      if (!values.containsKey(name) && defaultValue != null) {
        values.put(name, defaultValue);
      }
    }
    return values;
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

  /** Fills the placeholders of one task's texts. */
  private final class Filler {
    private final String task;
    /** Each input's text, or its {@link LateValue}. */
    private final Map<String, Object> inputs;
    private final Map<String, String> system;
    private final Map<String, Path> outputFiles;

    Filler(String task, Map<String, Object> inputs, Map<String, String> system, Map<String, Path> outputFiles) {
      this.task = task;
      this.inputs = inputs;
      this.system = system;
      this.outputFiles = outputFiles;
    }

    /** Replaces every placeholder in {@code text}; one the local run cannot fill is a problem. */
    LaunchText fill(String text, String keyPath) {
      Matcher matcher = PLACEHOLDER.matcher(text);
      List<Object> parts = new ArrayList<>();
      StringBuilder literal = new StringBuilder();
      int end = 0;
      while (matcher.find()) {
        literal.append(text, end, matcher.start());
        end = matcher.end();
        Object value = value(matcher, keyPath);
        if (value instanceof LateValue late) {
          if (literal.length() > 0) {
            parts.add(literal.toString());
            literal.setLength(0);
          }
          parts.add(late);
        } else {
          literal.append((String) value);
        }
      }
      literal.append(text.substring(end));
      if (literal.length() > 0 || parts.isEmpty()) {
        parts.add(literal.toString());
      }
      return new LaunchText(parts);
    }

    private Object value(Matcher matcher, String keyPath) {
      String expression = matcher.group(1);
      String value = system.get(expression);
      if (value != null) {
        return value;
      }
      Matcher input = INPUT_PARAMETER.matcher(expression);
      if (input.matches()) {
        Object inputValue = inputs.get(input.group(1));
        if (inputValue == null) {
          problems.add(
              new Problem(
                  origin,
                  keyPath,
                  "task '"
                      + task
                      + "' has no value for input parameter '"
                      + input.group(1)
                      + "' (is it declared in the component's inputDefinitions and given a value?)"));
          return "";
        }
        return inputValue;
      }
      Matcher output = OUTPUT_FILE.matcher(expression);
      if (output.matches()) {
        Path file = outputFiles.get(output.group(1));
        if (file == null) {
          problems.add(
              new Problem(
                  origin,
                  keyPath,
                  "task '" + task + "' has no output parameter '" + output.group(1)
                      + "' (is it declared in the component's outputDefinitions?)"));
          return "";
        }
        return file.toString();
      }
      problems.add(
          new Problem(
              origin,
              keyPath,
              "placeholder "
                  + matcher.group()
                  + " cannot be filled in a local run; supported: {{$.inputs.parameters['<name>']}}, "
                  + "{{$.outputs.parameters['<name>'].output_file}}, "
                  + "{{$.pipeline_job_name}}, {{$.pipeline_job_uuid}}, {{$.pipeline_task_name}}, "
                  + "{{$.pipeline_task_uuid}}, {{$.pipeline_root}}, {{$.pipeline_job_create_time_utc}}, "
                  + "{{$.pipeline_job_schedule_time_utc}}"));
      return "";
    }
  }

  /**
   * The tasks in dependency order, the first by name among those ready: the order {@link ReadyTasks} starts them
   * in when every task succeeds. Tasks on a cycle, or waiting for one, are a problem.
   */
  private List<TaskLaunch> topologicalOrder(Map<String, TaskLaunch> launches) {
    List<String> names = new ArrayList<>(launches.keySet());
    names.sort(null);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
    List<List<Integer>> dependents = new ArrayList<>();
    names.forEach(name -> dependents.add(new ArrayList<>()));
    for (String name : names) {
      // A dependency on a task that does not exist was reported while reading the DAG.
      new TreeSet<>(launches.get(name).dependsOn()).stream()
          .filter(index::containsKey)
          .forEach(dependency -> dependents.get(index.get(dependency)).add(index.get(name)));
    }
    int[][] succs = new int[names.size()][];
    for (int i = 0; i < succs.length; i++) {
      succs[i] = dependents.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    int[] order = TopologicalOrder.of(succs, Comparator.naturalOrder());
    List<TaskLaunch> ordered = new ArrayList<>();
    for (int task : order) {
      ordered.add(launches.get(names.get(task)));
    }
    if (ordered.size() < launches.size()) {
      List<String> waiting = new ArrayList<>(names);
      ordered.forEach(task -> waiting.remove(task.name()));
      problems.add(
          new Problem(
              origin, "root.dag.tasks", "these tasks are on, or wait for, a cycle of dependentTasks: " + waiting));
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
