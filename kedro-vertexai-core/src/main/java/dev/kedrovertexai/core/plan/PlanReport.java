package dev.kedrovertexai.core.plan;

import dev.kedrovertexai.core.description.PipelineDescription;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@code plan.md} and the one-line summary of a plan. */
public final class PlanReport {
  /** Beyond this many tasks a diagram is unreadable and too big for Markdown viewers to render. */
  static final int MAX_DIAGRAM_TASKS = 500;

  private PlanReport() {}

  public static String markdown(ExecutionPlan plan, PipelineDescription description) {
    StringBuilder md = new StringBuilder();
    md.append("# Vertex AI plan of Kedro pipeline `").append(code(plan.pipelineName())).append("`\n\n");
    md.append("Project `")
        .append(code(description.projectName()))
        .append("`, Kedro env `")
        .append(code(description.env()))
        .append("`, grouping `")
        .append(plan.groupingStrategy())
        .append("`: ")
        .append(summaryLine(plan))
        .append(".\n\n");
    md.append("Modelled wall time (the longest path through the task graph, each task costing its container")
        .append(" start-up, its nodes and its stored datasets): ")
        .append(duration(plan.modelledSecondsUngrouped()))
        .append(" with one task per node, ")
        .append(duration(plan.modelledSecondsPlanned()))
        .append(" with this plan.\n\n");

    md.append("## Tasks\n\n");
    md.append("| Task | Kedro nodes | Resources | Depends on | Modelled |\n");
    md.append("|---|---|---|---|---|\n");
    for (PlannedTask task : plan.tasks()) {
      md.append("| `")
          .append(code(task.name()))
          .append("` | ")
          .append(codeList(task.nodes()))
          .append(" | ")
          .append(resources(task.resources()))
          .append(" | ")
          .append(task.dependsOn().isEmpty() ? "" : codeList(task.dependsOn()))
          .append(" | ")
          .append(duration(task.modelledSeconds()))
          .append(" |\n");
    }

    md.append("\n## Datasets kept in temporary storage\n\n");
    if (plan.storedDatasets().isEmpty()) {
      md.append("None: no dataset kept in memory or on a local path crosses a task boundary.\n");
    } else {
      md.append("Produced in one task, read in another, and kept by the catalog in memory or on a local path, so")
          .append(" they are saved to `<root>/kedro-vertexai-temp/<job name>/<dataset>.bin`:\n\n");
      md.append("| Dataset | Saved by | Loaded by |\n|---|---|---|\n");
      Map<String, String> savedBy = new TreeMap<>();
      Map<String, TreeSet<String>> loadedBy = new TreeMap<>();
      for (PlannedTask task : plan.tasks()) {
        task.storedOutputs().forEach(dataset -> savedBy.put(dataset, task.name()));
        task.storedInputs()
            .forEach(dataset -> loadedBy.computeIfAbsent(dataset, k -> new TreeSet<>()).add(task.name()));
      }
      for (String dataset : plan.storedDatasets()) {
        md.append("| `")
            .append(code(dataset))
            .append("` | `")
            .append(code(savedBy.getOrDefault(dataset, "")))
            .append("` | ")
            .append(codeList(List.copyOf(loadedBy.getOrDefault(dataset, new TreeSet<>()))))
            .append(" |\n");
      }
    }

    md.append("\n## Datasets on local paths\n\n");
    if (plan.localFiles().isEmpty()) {
      md.append("None: the catalog writes no output of this pipeline to a local path.\n");
    } else {
      md.append("Every Vertex AI task runs in its own container, so a file it writes to a local path is gone for the")
          .append(" other tasks and after the run. Give these datasets a `gs://` path in the catalog of the Kedro env")
          .append(" used for Vertex AI.\n\n");
      md.append("| Dataset | Catalog entry | Path | Written by | Read by | On Vertex AI |\n")
          .append("|---|---|---|---|---|---|\n");
      for (LocalFileDataset local : plan.localFiles()) {
        md.append("| `")
            .append(code(local.name()))
            .append("` | `")
            .append(code(local.entry()))
            .append("` | `")
            .append(code(local.location()))
            .append("` | `")
            .append(code(local.writtenBy()))
            .append("` | ")
            .append(codeList(local.readBy()))
            .append(" | ")
            .append(local.crossesTasks() ? "kept in temporary storage for the readers" : "lost with its container")
            .append(" |\n");
      }
    }

    md.append("\n## Task graph\n\n");
    if (plan.tasks().size() > MAX_DIAGRAM_TASKS) {
      md.append("Not drawn: ")
          .append(plan.tasks().size())
          .append(" tasks are more than a diagram can show (limit ")
          .append(MAX_DIAGRAM_TASKS)
          .append("); see the Depends on column above.\n");
    } else {
      md.append("```mermaid\nflowchart TD\n");
      Map<String, String> ids = new HashMap<>();
      for (int i = 0; i < plan.tasks().size(); i++) {
        PlannedTask task = plan.tasks().get(i);
        ids.put(task.name(), "t" + i);
        md.append("  t").append(i).append("[\"").append(mermaid(task.name()));
        if (task.nodes().size() > 1) {
          md.append("<br/>").append(task.nodes().size()).append(" nodes");
        }
        md.append("\"]\n");
      }
      for (PlannedTask task : plan.tasks()) {
        for (String dependency : task.dependsOn()) {
          md.append("  ").append(ids.get(dependency)).append(" --> ").append(ids.get(task.name())).append('\n');
        }
      }
      md.append("```\n");
    }
    return md.toString();
  }

  /** For example {@code 42 nodes -> 7 tasks, 11 datasets in storage, modelled 14m -> 4m}. */
  public static String summaryLine(ExecutionPlan plan) {
    return count(plan.nodeCount(), "node")
        + " -> "
        + count(plan.tasks().size(), "task")
        + ", "
        + count(plan.storedDatasets().size(), "dataset")
        + " in storage, modelled "
        + duration(plan.modelledSecondsUngrouped())
        + " -> "
        + duration(plan.modelledSecondsPlanned());
  }

  /** {@code 45s}, {@code 4m 10s}, {@code 14m}, {@code 2h 05m}. */
  static String duration(double seconds) {
    long total = Math.round(seconds);
    if (total < 60) {
      return total + "s";
    }
    if (total < 3600) {
      long minutes = total / 60;
      long rest = total % 60;
      return rest == 0 ? minutes + "m" : minutes + "m " + rest + "s";
    }
    long minutes = Math.round(total / 60.0);
    return String.format("%dh %02dm", minutes / 60, minutes % 60);
  }

  private static String resources(ContainerResources resources) {
    StringBuilder text = new StringBuilder("cpu ").append(resources.cpuLimit()).append(", memory ");
    text.append(resources.memoryLimit());
    if (resources.hasAccelerator()) {
      text.append(", ").append(resources.acceleratorCount()).append(" x ").append(resources.acceleratorType());
    }
    return text.toString();
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String codeList(List<String> names) {
    StringBuilder text = new StringBuilder();
    for (String name : names) {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append('`').append(code(name)).append('`');
    }
    return text.toString();
  }

  /** Text inside a code span of a table cell: no backticks, no cell separators, no line breaks. */
  private static String code(String text) {
    return text.replace('`', '\'').replace("|", "\\|").replace('\n', ' ');
  }

  /** Text inside a quoted Mermaid label. */
  private static String mermaid(String text) {
    return text.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
  }
}
