package dev.kedrovertexai.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AcceleratorsTest {
  @Test
  void acceptsVertexNamesAndGkeLabelForms() {
    assertEquals(Optional.of("NVIDIA_TESLA_T4"), Accelerators.canonical("NVIDIA_TESLA_T4"));
    assertEquals(Optional.of("NVIDIA_TESLA_T4"), Accelerators.canonical("nvidia-tesla-t4"));
    assertEquals(Optional.of("NVIDIA_A100_80GB"), Accelerators.canonical("nvidia-a100-80gb"));
    assertEquals(Optional.of("NVIDIA_L4"), Accelerators.canonical("nvidia-l4"));
    assertEquals(Optional.empty(), Accelerators.canonical("nvidia-tesla-t5"));
  }

  @Test
  void theProtoPlaceholdersAreNotTypes() {
    assertFalse(Accelerators.all().contains("ACCELERATOR_TYPE_UNSPECIFIED"));
    assertFalse(Accelerators.all().contains("UNRECOGNIZED"));
    assertEquals(Optional.empty(), Accelerators.canonical("unrecognized"));
    assertTrue(Accelerators.all().contains("TPU_V3"));
  }
}
