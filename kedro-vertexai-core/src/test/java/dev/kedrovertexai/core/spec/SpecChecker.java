package dev.kedrovertexai.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a compiled PipelineSpec against the rules the KFP backend and Vertex AI apply (FACTS.md),
 * written independently of the compiler so that it can catch the compiler's mistakes. Returns every
 * violation found.
 */
final class SpecChecker {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern PIPELINE_NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,127}$");
  private static final Pattern CPU = Pattern.compile("^([0-9]*[.])?[0-9]+m?$");
  private static final Pattern MEMORY = Pattern.compile("^[0-9]+(E|Ei|P|Pi|T|Ti|G|Gi|M|Mi|K|Ki)?$");
  private static final Pattern C_IDENTIFIER = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\$(.*?)}}");
  private static final Pattern INPUT_PLACEHOLDER =
      Pattern.compile("\\.inputs\\.parameters\\['([^']*)'\\]");
  private static final Pattern OUTPUT_FILE_PLACEHOLDER =
      Pattern.compile("\\.outputs\\.parameters\\['([^']*)'\\]\\.output_file");
  private static final String FINAL_STATUS = "TASK_FINAL_STATUS";
  private static final Set<String> TRIGGER_STRATEGIES =
      Set.of("ALL_UPSTREAM_TASKS_SUCCEEDED", "ALL_UPSTREAM_TASKS_COMPLETED");
  private static final Set<String> SYSTEM_PLACEHOLDERS =
      Set.of(
          ".pipeline_job_name",
          ".pipeline_job_uuid",
          ".pipeline_job_resource_name",
          ".pipeline_task_name",
          ".pipeline_task_uuid",
          ".pipeline_root",
          ".pipeline_job_create_time_utc",
          ".pipeline_job_schedule_time_utc");
  private static final Set<String> PARAMETER_TYPES =
      Set.of("STRING", "NUMBER_INTEGER", "NUMBER_DOUBLE", "BOOLEAN", "LIST", "STRUCT", FINAL_STATUS);
  private static final int MAX_CONSTANT = 10_000;

  private final List<String> violations = new ArrayList<>();

  private SpecChecker() {}

  static List<String> check(String specJson) {
    try {
      SpecChecker checker = new SpecChecker();
      checker.checkSpec(MAPPER.readTree(specJson));
      return checker.violations;
    } catch (Exception e) {
      return List.of("not valid JSON: " + e.getMessage());
    }
  }

  private void checkSpec(JsonNode spec) {
    expect("2.1.0".equals(spec.path("schemaVersion").asText()), "schemaVersion is not 2.1.0");
    expect(!spec.path("sdkVersion").asText().isEmpty(), "sdkVersion is missing");
    String name = spec.path("pipelineInfo").path("name").asText();
    expect(
        PIPELINE_NAME.matcher(name).matches() && !name.endsWith("-"),
        "bad pipelineInfo.name '" + name + "'");

    JsonNode components = spec.path("components");
    JsonNode executors = spec.path("deploymentSpec").path("executors");
    JsonNode rootInputs = spec.path("root").path("inputDefinitions").path("parameters");
    checkParameterDefinitions("root", rootInputs);

    Map<String, Set<String>> inputsByExecutor = new HashMap<>();
    Map<String, Set<String>> outputsByExecutor = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = components.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> component = it.next();
      JsonNode body = component.getValue();
      JsonNode inputs = body.path("inputDefinitions").path("parameters");
      checkParameterDefinitions("component " + component.getKey(), inputs);
      checkParameterDefinitions(
          "component " + component.getKey() + " outputs", body.path("outputDefinitions").path("parameters"));
      if (body.has("dag")) {
        // A DAG component (an exit handler's) runs its own tasks; it has no executor.
        expect(
            !body.has("executorLabel"),
            "component " + component.getKey() + ": has both a dag and an executorLabel");
        continue;
      }
      String label = body.path("executorLabel").asText();
      expect(
          executors.has(label),
          "component " + component.getKey() + ": executorLabel '" + label + "' missing");
      Set<String> names = inputsByExecutor.computeIfAbsent(label, key -> new HashSet<>());
      inputs.fieldNames().forEachRemaining(names::add);
      Set<String> outputs = outputsByExecutor.computeIfAbsent(label, key -> new HashSet<>());
      body.path("outputDefinitions").path("parameters").fieldNames().forEachRemaining(outputs::add);
    }
    Set<String> usedComponents = new HashSet<>();
    checkTasks(
        "root", spec.path("root").path("dag").path("tasks"), components, rootInputs, usedComponents, new HashSet<>());
    components
        .fieldNames()
        .forEachRemaining(
            component ->
                expect(
                    usedComponents.contains(component), "component " + component + " is unused"));

    for (Iterator<Map.Entry<String, JsonNode>> it = executors.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> executor = it.next();
      Set<String> declared = inputsByExecutor.get(executor.getKey());
      expect(declared != null, "executor " + executor.getKey() + " is used by no component");
      checkContainer(
          executor.getKey(),
          executor.getValue().path("container"),
          declared == null ? Set.of() : declared,
          outputsByExecutor.getOrDefault(executor.getKey(), Set.of()));
    }
  }

  private void checkParameterDefinitions(String where, JsonNode parameters) {
    for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> parameter = it.next();
      String type = parameter.getValue().path("parameterType").asText();
      expect(
          PARAMETER_TYPES.contains(type),
          where + ": input " + parameter.getKey() + " has type '" + type + "'");
      expect(
          !type.equals(FINAL_STATUS) || parameter.getValue().path("isOptional").asBoolean(false),
          where + ": input " + parameter.getKey() + " of type " + FINAL_STATUS + " must be isOptional");
    }
  }

  /**
   * The tasks of one DAG. {@code scopeInputs} are the inputs of the component that owns the DAG (the pipeline's
   * for root): the only ones a componentInputParameter may name. Task names must be unique across DAGs, as the
   * KFP SDK makes them.
   */
  private void checkTasks(
      String dag,
      JsonNode tasks,
      JsonNode components,
      JsonNode scopeInputs,
      Set<String> usedComponents,
      Set<String> allTaskNames) {
    Map<String, List<String>> dependencies = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = tasks.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String task = entry.getKey();
      JsonNode node = entry.getValue();
      expect(allTaskNames.add(task), task + ": task name used twice in the pipeline");
      expect(
          !node.path("taskInfo").path("name").asText().isEmpty(), task + ": taskInfo.name missing");
      String componentName = node.path("componentRef").path("name").asText();
      JsonNode component = components.path(componentName);
      expect(!component.isMissingNode(), task + ": component '" + componentName + "' missing");
      usedComponents.add(componentName);
      List<String> dependsOn = new ArrayList<>();
      for (JsonNode dependency : node.path("dependentTasks")) {
        expect(
            tasks.has(dependency.asText()),
            task + ": dependent task '" + dependency.asText() + "' missing in " + dag);
        dependsOn.add(dependency.asText());
      }
      dependencies.put(task, dependsOn);
      String strategy = node.path("triggerPolicy").path("strategy").asText("ALL_UPSTREAM_TASKS_SUCCEEDED");
      expect(TRIGGER_STRATEGIES.contains(strategy), task + ": unknown trigger strategy '" + strategy + "'");

      JsonNode declared = component.path("inputDefinitions").path("parameters");
      JsonNode given = node.path("inputs").path("parameters");
      for (Iterator<Map.Entry<String, JsonNode>> inputs = given.fields(); inputs.hasNext(); ) {
        Map.Entry<String, JsonNode> input = inputs.next();
        String name = input.getKey();
        expect(declared.has(name), task + ": input '" + name + "' not declared");
        boolean finalStatusType = declared.path(name).path("parameterType").asText().equals(FINAL_STATUS);
        JsonNode value = input.getValue();
        if (value.has("componentInputParameter")) {
          String parameter = value.get("componentInputParameter").asText();
          expect(
              scopeInputs.has(parameter),
              task
                  + (dag.equals("root")
                      ? ": root input '" + parameter + "' not declared"
                      : ": input '" + parameter + "' is not declared by " + dag));
        } else if (value.has("taskOutputParameter")) {
          String producer = value.path("taskOutputParameter").path("producerTask").asText();
          String key = value.path("taskOutputParameter").path("outputParameterKey").asText();
          expect(tasks.has(producer), task + ": producer task '" + producer + "' is not in " + dag);
          JsonNode producerComponent =
              components.path(tasks.path(producer).path("componentRef").path("name").asText());
          expect(
              producerComponent.path("outputDefinitions").path("parameters").has(key),
              task + ": producer '" + producer + "' declares no output '" + key + "'");
          expect(dependsOn.contains(producer), task + ": takes an output of '" + producer + "' but does not depend on it");
        } else if (value.has("taskFinalStatus")) {
          String producer = value.path("taskFinalStatus").path("producerTask").asText();
          expect(tasks.has(producer), task + ": final status producer '" + producer + "' is not in " + dag);
          expect(
              components.path(tasks.path(producer).path("componentRef").path("name").asText()).has("dag"),
              task + ": final status of '" + producer + "', which is not an exit handler's DAG task");
          expect(finalStatusType, task + ": input '" + name + "' takes a final status but is not " + FINAL_STATUS);
          expect(dependsOn.contains(producer), task + ": takes the final status of '" + producer + "' but does not depend on it");
          expect(
              strategy.equals("ALL_UPSTREAM_TASKS_COMPLETED"),
              task + ": takes a final status but its triggerPolicy does not run it after a failure");
        } else {
          JsonNode constant = value.path("runtimeValue").path("constant");
          expect(!constant.isMissingNode(), task + ": input '" + name + "' has no value");
          expect(
              !constant.isTextual() || constant.asText().length() <= MAX_CONSTANT,
              task + ": constant '" + name + "' is over " + MAX_CONSTANT + " characters");
        }
        expect(
            !finalStatusType || value.has("taskFinalStatus"),
            task + ": " + FINAL_STATUS + " input '" + name + "' is not fed by taskFinalStatus");
      }
      for (Iterator<Map.Entry<String, JsonNode>> inputs = declared.fields(); inputs.hasNext(); ) {
        Map.Entry<String, JsonNode> input = inputs.next();
        boolean optional = input.getValue().path("isOptional").asBoolean(false);
        expect(
            optional || given.has(input.getKey()),
            task + ": required input '" + input.getKey() + "' not given");
      }
      if (component.has("dag")) {
        checkTasks(
            componentName,
            component.path("dag").path("tasks"),
            components,
            declared,
            usedComponents,
            allTaskNames);
      }
    }
    expect(isAcyclic(dependencies), "dependentTasks form a cycle in " + dag);
  }

  private static boolean isAcyclic(Map<String, List<String>> dependencies) {
    Map<String, Integer> waiting = new HashMap<>();
    Map<String, List<String>> dependents = new HashMap<>();
    dependencies.forEach(
        (task, dependsOn) -> {
          waiting.put(task, dependsOn.size());
          dependsOn.forEach(d -> dependents.computeIfAbsent(d, key -> new ArrayList<>()).add(task));
        });
    Deque<String> ready = new ArrayDeque<>();
    waiting.forEach(
        (task, count) -> {
          if (count == 0) {
            ready.add(task);
          }
        });
    int done = 0;
    while (!ready.isEmpty()) {
      String task = ready.poll();
      done++;
      for (String dependent : dependents.getOrDefault(task, List.of())) {
        if (waiting.merge(dependent, -1, Integer::sum) == 0) {
          ready.add(dependent);
        }
      }
    }
    return done == dependencies.size();
  }

  private void checkContainer(
      String executor, JsonNode container, Set<String> declaredInputs, Set<String> declaredOutputs) {
    expect(!container.path("image").asText().isEmpty(), executor + ": image missing");
    List<String> texts = new ArrayList<>();
    container.path("command").forEach(value -> texts.add(value.asText()));
    container.path("args").forEach(value -> texts.add(value.asText()));
    for (JsonNode variable : container.path("env")) {
      String name = variable.path("name").asText();
      expect(
          C_IDENTIFIER.matcher(name).matches(),
          executor + ": env name '" + name + "' is not a C identifier");
      texts.add(variable.path("value").asText());
    }
    for (String text : texts) {
      Matcher matcher = PLACEHOLDER.matcher(text);
      while (matcher.find()) {
        String body = matcher.group(1);
        Matcher input = INPUT_PLACEHOLDER.matcher(body);
        Matcher output = OUTPUT_FILE_PLACEHOLDER.matcher(body);
        if (input.matches()) {
          expect(
              declaredInputs.contains(input.group(1)),
              executor + ": placeholder for undeclared input '" + input.group(1) + "'");
        } else if (output.matches()) {
          expect(
              declaredOutputs.contains(output.group(1)),
              executor + ": placeholder for undeclared output '" + output.group(1) + "'");
        } else {
          expect(
              SYSTEM_PLACEHOLDERS.contains(body),
              executor + ": unknown placeholder {{$" + body + "}}");
        }
      }
    }
    checkResources(executor, container.path("resources"));
  }

  private void checkResources(String executor, JsonNode resources) {
    if (resources.has("resourceCpuLimit") || resources.has("cpuLimit")) {
      String cpu = resources.path("resourceCpuLimit").asText();
      expect(CPU.matcher(cpu).matches(), executor + ": resourceCpuLimit '" + cpu + "'");
      if (CPU.matcher(cpu).matches()) {
        double cores =
            cpu.endsWith("m")
                ? Double.parseDouble(cpu.substring(0, cpu.length() - 1)) / 1000
                : Double.parseDouble(cpu);
        expect(
            resources.path("cpuLimit").isNumber()
                && close(resources.path("cpuLimit").asDouble(), cores),
            executor + ": cpuLimit " + resources.path("cpuLimit") + " disagrees with " + cpu);
      }
    }
    if (resources.has("resourceMemoryLimit") || resources.has("memoryLimit")) {
      String memory = resources.path("resourceMemoryLimit").asText();
      expect(MEMORY.matcher(memory).matches(), executor + ": resourceMemoryLimit '" + memory + "'");
      if (MEMORY.matcher(memory).matches()) {
        expect(
            resources.path("memoryLimit").isNumber()
                && close(resources.path("memoryLimit").asDouble(), gigabytes(memory)),
            executor
                + ": memoryLimit "
                + resources.path("memoryLimit")
                + " disagrees with "
                + memory);
      }
    }
    JsonNode accelerator = resources.path("accelerator");
    if (!accelerator.isMissingNode()) {
      String type = accelerator.path("resourceType").asText();
      String count = accelerator.path("resourceCount").asText();
      expect(
          !type.isEmpty() && count.matches("[1-9][0-9]*"),
          executor + ": accelerator needs type and count");
      expect(
          type.equals(accelerator.path("type").asText()),
          executor + ": accelerator type mirror disagrees");
      expect(
          count.equals(accelerator.path("count").asText()),
          executor + ": accelerator count mirror disagrees");
    }
  }

  private static double gigabytes(String memory) {
    String digits = memory.replaceAll("[^0-9]", "");
    String unit = memory.substring(digits.length());
    double factor =
        switch (unit) {
          case "" -> 1;
          case "K" -> 1e3;
          case "M" -> 1e6;
          case "G" -> 1e9;
          case "T" -> 1e12;
          case "P" -> 1e15;
          case "E" -> 1e18;
          case "Ki" -> Math.pow(2, 10);
          case "Mi" -> Math.pow(2, 20);
          case "Gi" -> Math.pow(2, 30);
          case "Ti" -> Math.pow(2, 40);
          case "Pi" -> Math.pow(2, 50);
          case "Ei" -> Math.pow(2, 60);
          default -> throw new IllegalArgumentException(unit);
        };
    return Double.parseDouble(digits) * factor / 1e9;
  }

  private static boolean close(double actual, double expected) {
    return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
  }

  private void expect(boolean condition, String violation) {
    if (!condition) {
      violations.add(violation);
    }
  }
}
