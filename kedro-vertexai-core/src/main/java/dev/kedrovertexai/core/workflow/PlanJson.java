package dev.kedrovertexai.core.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kedrovertexai.core.io.JsonFiles;
import dev.kedrovertexai.core.plan.ExecutionPlan;
import dev.kedrovertexai.core.plan.LocalFileDataset;
import dev.kedrovertexai.core.plan.PlannedTask;
import java.util.List;

/**
 * {@code plan.json}: the mapping from each Vertex task to its Kedro nodes and stored datasets, and the datasets
 * the catalog writes to a local path, for tools and people who need to find where a node ran.
 */
public final class PlanJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectWriter PRETTY = MAPPER.writer(JsonFiles.prettyPrinter());

  private PlanJson() {}

  public static String write(ExecutionPlan plan) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("pipeline", plan.pipelineName());
    root.put("grouping", plan.groupingStrategy());
    ArrayNode tasks = root.putArray("tasks");
    for (PlannedTask task : plan.tasks()) {
      ObjectNode node = tasks.addObject();
      node.put("task", task.name());
      node.put("group", task.group());
      strings(node.putArray("nodes"), task.nodes());
      strings(node.putArray("depends_on"), task.dependsOn());
      strings(node.putArray("stored_inputs"), task.storedInputs());
      strings(node.putArray("stored_outputs"), task.storedOutputs());
    }
    strings(root.putArray("stored_datasets"), plan.storedDatasets());
    ArrayNode localFiles = root.putArray("local_datasets");
    for (LocalFileDataset local : plan.localFiles()) {
      ObjectNode node = localFiles.addObject();
      node.put("dataset", local.name());
      node.put("catalog_entry", local.entry());
      node.put("path", local.location());
      node.put("written_by", local.writtenBy());
      strings(node.putArray("read_by"), local.readBy());
    }
    try {
      return PRETTY.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
