package dev.kedrovertexai.core.description;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import dev.kedrovertexai.core.ProblemsException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and writes the pipeline description JSON (README, "The pipeline description format"). Reading is
 * strict: every problem of a document (unknown format version, missing or mistyped field, unknown key) is
 * reported together, each with its JSON path. Writing is deterministic: 2-space indent, LF, trailing newline,
 * the same layout {@code describe_project.py} prints.
 */
public final class DescriptionJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper(JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final String REGENERATE_HINT =
      "regenerate it with mvn vertexai:describe -Dvertexai.describeOutput=<file>";

  private DescriptionJson() {}

  public static PipelineDescription read(Path file) throws KedroVertexAiException {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new KedroVertexAiException(
          "The pipeline description " + file + " does not exist: " + REGENERATE_HINT + ", or unset"
              + " vertexai.pipelineDescription to read the project with Python");
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot read the pipeline description " + file + ": " + e.getMessage(), e);
    }
    return parse(json, file.toString());
  }

  /** Parses a description; {@code source} names where the text came from, in every message. */
  public static PipelineDescription parse(String json, String source) throws KedroVertexAiException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      Origin origin =
          location == null
              ? Origin.of(source)
              : new Origin(source, (int) location.getLineNr(), (int) location.getColumnNr());
      throw new KedroVertexAiException(
          "The pipeline description " + origin + " is not valid JSON: " + e.getOriginalMessage() + "; "
              + REGENERATE_HINT);
    }
    Reader reader = new Reader(source);
    PipelineDescription description = reader.description(root);
    if (!reader.problems.isEmpty()) {
      throw new ProblemsException("The pipeline description " + source + " is invalid", reader.problems);
    }
    return description;
  }

  /** The description as pretty JSON (2-space indent, LF line ends, trailing newline). */
  public static String write(PipelineDescription description) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("format_version", description.formatVersion());
    root.put("project_name", description.projectName());
    root.put("package_name", description.packageName());
    root.put("kedro_version", description.kedroVersion());
    root.put("env", description.env());
    ObjectNode pipelines = root.putObject("pipelines");
    for (KedroPipeline pipeline : description.pipelines().values()) {
      ArrayNode nodes = pipelines.putObject(pipeline.name()).putArray("nodes");
      for (KedroNode node : pipeline.nodes()) {
        ObjectNode entry = nodes.addObject();
        entry.put("name", node.name());
        entry.put("namespace", node.namespace());
        strings(entry.putArray("tags"), node.tags());
        strings(entry.putArray("inputs"), node.inputs());
        strings(entry.putArray("outputs"), node.outputs());
      }
    }
    ObjectNode datasets = root.putObject("datasets");
    for (String name : datasetNames(description)) {
      DatasetFacts facts = description.dataset(name);
      datasets
          .putObject(name)
          .put("entry", facts.entry())
          .put("type", facts.type())
          .put("in_memory", facts.inMemory())
          .put("protocol", facts.protocol())
          .put("path", facts.path());
    }
    strings(root.putArray("parameters"), description.parameters());
    if (description.usesKedroMlflow()) {
      root.put("kedro_mlflow", description.kedroMlflowVersion());
    }

    StringWriter out = new StringWriter();
    try (JsonGenerator generator = MAPPER.getFactory().createGenerator(out)) {
      generator.setPrettyPrinter(new PythonStylePrinter());
      MAPPER.writeTree(generator, root);
    } catch (IOException e) {
      throw new UncheckedIOException("Writing JSON to memory failed", e);
    }
    return out + "\n";
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  /** Every dataset the pipelines use, and any other the description has facts for, sorted. */
  private static Set<String> datasetNames(PipelineDescription description) {
    Set<String> names = new TreeSet<>(description.datasets().keySet());
    for (KedroPipeline pipeline : description.pipelines().values()) {
      for (KedroNode node : pipeline.nodes()) {
        names.addAll(node.datasetInputs());
        names.addAll(node.outputs());
      }
    }
    return names;
  }

  /** The command that writes a current description of the env {@code env} to {@code source}. */
  private static String regenerateCommand(String source, String env) {
    return "mvn vertexai:describe" + (env == null || env.isEmpty() ? "" : " -Dvertexai.env=" + env)
        + " -Dvertexai.describeOutput=" + source;
  }

  /**
   * Python's {@code json.dump(indent=2)} layout: {@code "key": value}, every value on its own line, empty
   * containers as {@code []} and {@code {}}.
   */
  private static final class PythonStylePrinter extends DefaultPrettyPrinter {
    private static final long serialVersionUID = 1L;

    PythonStylePrinter() {
      super(
          Separators.createDefaultInstance()
              .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
              .withObjectEmptySeparator("")
              .withArrayEmptySeparator(""));
      DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
      indentObjectsWith(indenter);
      indentArraysWith(indenter);
    }

    PythonStylePrinter(PythonStylePrinter base) {
      super(base);
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
      return new PythonStylePrinter(this);
    }
  }

  /** Walks the tree, collecting problems instead of stopping at the first. */
  private static final class Reader {
    private final String source;
    private final List<Problem> problems = new ArrayList<>();

    Reader(String source) {
      this.source = source;
    }

    PipelineDescription description(JsonNode root) {
      if (!root.isObject()) {
        problem("", "expected a JSON object, got " + kind(root));
        return null;
      }
      JsonNode version = root.get("format_version");
      if (version == null || !version.isInt()) {
        problem("format_version", "expected the integer " + PipelineDescription.FORMAT_VERSION + ", got "
            + kind(version));
        return null;
      }
      if (version.intValue() != PipelineDescription.FORMAT_VERSION) {
        // Another version has other fields: the version alone is the problem, with the command that fixes it.
        JsonNode env = root.get("env");
        boolean older = version.intValue() < PipelineDescription.FORMAT_VERSION;
        problem(
            "format_version",
            "format version " + version.intValue() + " was written by " + (older ? "an older" : "a newer")
                + " kedro-vertexai-maven-plugin; this one reads format version " + PipelineDescription.FORMAT_VERSION
                + ". Regenerate the file with the project's Python: "
                + regenerateCommand(source, env != null && env.isTextual() ? env.textValue() : ""));
        return null;
      }
      knownKeys(
          root,
          "",
          Set.of(
              "format_version",
              "project_name",
              "package_name",
              "kedro_version",
              "env",
              "pipelines",
              "datasets",
              "parameters",
              "kedro_mlflow"));
      String projectName = requiredText(root, "project_name", "");
      String packageName = requiredText(root, "package_name", "");
      String kedroVersion = optionalText(root, "kedro_version", "");
      String env = optionalText(root, "env", "");
      Map<String, KedroPipeline> pipelines = pipelines(root.get("pipelines"));
      Map<String, DatasetFacts> datasets = datasets(root.get("datasets"));
      List<String> parameters = stringList(root.get("parameters"), "parameters");
      String kedroMlflow = optionalText(root, "kedro_mlflow", "");
      if (problems.isEmpty()) {
        everyDatasetHasFacts(root.get("pipelines"), datasets);
      }
      if (!problems.isEmpty()) {
        return null;
      }
      return new PipelineDescription(
          version.intValue(), projectName, packageName, kedroVersion, env, pipelines, datasets, parameters,
          kedroMlflow);
    }

    private Map<String, KedroPipeline> pipelines(JsonNode pipelines) {
      Map<String, KedroPipeline> result = new LinkedHashMap<>();
      if (!expectObject(pipelines, "pipelines")) {
        return result;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = pipelines.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        String path = "pipelines." + entry.getKey();
        if (!expectObject(entry.getValue(), path)) {
          continue;
        }
        knownKeys(entry.getValue(), path, Set.of("nodes"));
        JsonNode nodes = entry.getValue().get("nodes");
        if (!expectArray(nodes, path + ".nodes")) {
          continue;
        }
        List<KedroNode> parsed = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
          KedroNode node = node(nodes.get(i), path + ".nodes[" + i + "]");
          if (node != null && !names.add(node.name())) {
            problem(path + ".nodes[" + i + "].name", "duplicate node name '" + node.name() + "'");
          } else if (node != null) {
            parsed.add(node);
          }
        }
        result.put(entry.getKey(), new KedroPipeline(entry.getKey(), parsed));
      }
      return result;
    }

    private KedroNode node(JsonNode node, String path) {
      if (!expectObject(node, path)) {
        return null;
      }
      knownKeys(node, path, Set.of("name", "namespace", "tags", "inputs", "outputs"));
      int before = problems.size();
      String name = requiredText(node, "name", path + ".");
      String namespace = optionalText(node, "namespace", path + ".");
      List<String> tags = stringList(node.get("tags"), path + ".tags");
      List<String> inputs = stringList(node.get("inputs"), path + ".inputs");
      List<String> outputs = stringList(node.get("outputs"), path + ".outputs");
      return problems.size() > before ? null : new KedroNode(name, namespace, tags, inputs, outputs);
    }

    private Map<String, DatasetFacts> datasets(JsonNode datasets) {
      Map<String, DatasetFacts> result = new LinkedHashMap<>();
      if (!expectObject(datasets, "datasets")) {
        return result;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = datasets.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        String path = "datasets." + entry.getKey();
        JsonNode facts = entry.getValue();
        if (!expectObject(facts, path)) {
          continue;
        }
        knownKeys(facts, path, Set.of("entry", "type", "in_memory", "protocol", "path"));
        int before = problems.size();
        String type = requiredText(facts, "type", path + ".");
        JsonNode inMemory = facts.get("in_memory");
        if (inMemory == null || !inMemory.isBoolean()) {
          problem(path + ".in_memory", "expected true or false, got " + kind(inMemory));
        }
        String catalogEntry = optionalText(facts, "entry", path + ".");
        String protocol = optionalText(facts, "protocol", path + ".");
        String location = optionalText(facts, "path", path + ".");
        if (problems.size() == before) {
          result.put(
              entry.getKey(),
              new DatasetFacts(
                  emptyToNull(catalogEntry), type, inMemory.booleanValue(), emptyToNull(protocol),
                  emptyToNull(location)));
        }
      }
      return result;
    }

    /** A description lists the facts of every dataset its nodes use: one that does not was not made by Kedro. */
    private void everyDatasetHasFacts(JsonNode pipelines, Map<String, DatasetFacts> datasets) {
      for (Iterator<Map.Entry<String, JsonNode>> it = pipelines.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> pipeline = it.next();
        JsonNode nodes = pipeline.getValue().get("nodes");
        for (int i = 0; i < nodes.size(); i++) {
          for (String key : List.of("inputs", "outputs")) {
            JsonNode names = nodes.get(i).get(key);
            for (int j = 0; j < names.size(); j++) {
              String name = names.get(j).textValue();
              if (!KedroNode.isParameter(name) && !datasets.containsKey(name)) {
                problem(
                    "pipelines." + pipeline.getKey() + ".nodes[" + i + "]." + key + "[" + j + "]",
                    "dataset '" + name + "' has no entry in datasets; " + REGENERATE_HINT);
              }
            }
          }
        }
      }
    }

    private static String emptyToNull(String text) {
      return text == null || text.isEmpty() ? null : text;
    }

    private List<String> stringList(JsonNode array, String path) {
      List<String> result = new ArrayList<>();
      if (!expectArray(array, path)) {
        return result;
      }
      for (int i = 0; i < array.size(); i++) {
        JsonNode item = array.get(i);
        if (item.isTextual()) {
          result.add(item.textValue());
        } else {
          problem(path + "[" + i + "]", "expected a string, got " + kind(item));
        }
      }
      return result;
    }

    private String requiredText(JsonNode parent, String key, String prefix) {
      JsonNode value = parent.get(key);
      if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
        problem(prefix + key, "expected a non-empty string, got " + kind(value));
        return null;
      }
      return value.textValue();
    }

    /** A string that may be absent or null (read as empty). */
    private String optionalText(JsonNode parent, String key, String prefix) {
      JsonNode value = parent.get(key);
      if (value == null || value.isNull()) {
        return "";
      }
      if (!value.isTextual()) {
        problem(prefix + key, "expected a string or null, got " + kind(value));
        return "";
      }
      return value.textValue();
    }

    private boolean expectObject(JsonNode node, String path) {
      if (node == null || !node.isObject()) {
        problem(path, "expected an object, got " + kind(node));
        return false;
      }
      return true;
    }

    private boolean expectArray(JsonNode node, String path) {
      if (node == null || !node.isArray()) {
        problem(path, "expected an array, got " + kind(node));
        return false;
      }
      return true;
    }

    private void knownKeys(JsonNode object, String path, Set<String> known) {
      object.fieldNames().forEachRemaining(key -> {
        if (!known.contains(key)) {
          problem(path.isEmpty() ? key : path + "." + key,
              "unknown key (expected one of " + String.join(", ", known.stream().sorted().toList()) + ")");
        }
      });
    }

    private void problem(String path, String message) {
      problems.add(new Problem(Origin.of(source), path, message));
    }

    private static String kind(JsonNode node) {
      if (node == null) {
        return "nothing (missing)";
      }
      if (node.isTextual()) {
        return "the string \"" + node.textValue() + "\"";
      }
      if (node.isNumber() || node.isBoolean() || node.isNull()) {
        return node.toString();
      }
      return node.isArray() ? "an array" : "an object";
    }
  }
}
