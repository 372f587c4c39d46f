package dev.kedrovertexai.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigPropertiesTest {
  @ParameterizedTest
  @CsvSource({
    "projectId, project_id",
    "region, region",
    "image, run_config.image",
    "root, run_config.root",
    "experimentName, run_config.experiment_name",
    "experimentDescription, run_config.experiment_description",
    "serviceAccount, run_config.service_account",
    "network, run_config.network.vpc",
    "description, run_config.description",
    "nodeTimings, run_config.grouping.params.node_timings",
    "baseImage, run_config.image_build.base_image"
  })
  void namedParametersMapToKeyPathsAndBack(String name, String keyPath) {
    assertEquals(keyPath, ConfigProperties.keyPath(name));
    assertEquals(Optional.of(name), ConfigProperties.parameterFor(keyPath));
  }

  @Test
  void unknownParameterIsAProgrammingError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigProperties.keyPath("imagee"));
    assertTrue(e.getMessage().contains("imagee"), e.getMessage());
  }

  @Test
  void keyPathsWithoutANamedParameter() {
    assertEquals(Optional.empty(), ConfigProperties.parameterFor("run_config.resources"));
    assertEquals("vertexai.yml.", ConfigProperties.PREFIX);
  }
}
