package dev.kedrovertexai.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kedrovertexai.core.plan.ContainerResources;
import dev.kedrovertexai.core.plan.ExecutionPlan;
import dev.kedrovertexai.core.plan.LocalFileDataset;
import dev.kedrovertexai.core.plan.PlannedTask;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanJsonTest {
  @Test
  void listsEveryTaskWithItsNodesAndStoredDatasetsInAPlatformIndependentLayout() {
    ContainerResources small = new ContainerResources("500m", "1Gi", null, null);
    ExecutionPlan plan =
        new ExecutionPlan(
            "__default__",
            "tags",
            List.of(
                new PlannedTask("prep", "prep", List.of("load", "clean"), List.of(), small, List.of(), List.of("x")),
                new PlannedTask("score", "score", List.of("score"), List.of("prep"), small, List.of("x"), List.of())),
            List.of("x"),
            0,
            0,
            List.of(new LocalFileDataset("scores", "{name}s", "data/scores.csv", "score", List.of())));

    assertEquals(
        String.join(
            "\n",
            "{",
            "  \"pipeline\": \"__default__\",",
            "  \"grouping\": \"tags\",",
            "  \"tasks\": [",
            "    {",
            "      \"task\": \"prep\",",
            "      \"group\": \"prep\",",
            "      \"nodes\": [",
            "        \"load\",",
            "        \"clean\"",
            "      ],",
            "      \"depends_on\": [],",
            "      \"stored_inputs\": [],",
            "      \"stored_outputs\": [",
            "        \"x\"",
            "      ]",
            "    },",
            "    {",
            "      \"task\": \"score\",",
            "      \"group\": \"score\",",
            "      \"nodes\": [",
            "        \"score\"",
            "      ],",
            "      \"depends_on\": [",
            "        \"prep\"",
            "      ],",
            "      \"stored_inputs\": [",
            "        \"x\"",
            "      ],",
            "      \"stored_outputs\": []",
            "    }",
            "  ],",
            "  \"stored_datasets\": [",
            "    \"x\"",
            "  ],",
            "  \"local_datasets\": [",
            "    {",
            "      \"dataset\": \"scores\",",
            "      \"catalog_entry\": \"{name}s\",",
            "      \"path\": \"data/scores.csv\",",
            "      \"written_by\": \"score\",",
            "      \"read_by\": []",
            "    }",
            "  ]",
            "}",
            ""),
        PlanJson.write(plan));
  }
}
