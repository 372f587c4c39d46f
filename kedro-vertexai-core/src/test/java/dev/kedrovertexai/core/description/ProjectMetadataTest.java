package dev.kedrovertexai.core.description;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kedrovertexai.core.KedroVertexAiException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectMetadataTest {
  @TempDir Path dir;

  @Test
  void readsTheProjectNameKedroReads() throws Exception {
    pyproject(
        "[project]\nname = \"not-this-one\"\n\n[tool.other]\nproject_name = \"nor-this\"\n\n"
            + "[ tool.kedro ]  # Kedro's table\npackage_name = \"spaceflights\"\n"
            + "project_name = \"Space \\\"flights\\\"\"  # shown in the UI\n");

    assertEquals("Space \"flights\"", ProjectMetadata.projectName(dir));
  }

  @Test
  void takesALiteralString() throws Exception {
    pyproject("[tool.kedro]\nproject_name='spaceflights'\n");

    assertEquals("spaceflights", ProjectMetadata.projectName(dir));
  }

  @Test
  void aProjectWithoutTheKeyIsNamedInTheError() throws Exception {
    pyproject("[tool.kedro]\npackage_name = \"spaceflights\"\n[other]\nproject_name = \"x\"\n");

    KedroVertexAiException e = assertThrows(KedroVertexAiException.class, () -> ProjectMetadata.projectName(dir));

    assertEquals(
        dir.resolve("pyproject.toml") + " has no project_name under [tool.kedro]: expected a Kedro project's"
            + " pyproject.toml (project_name = \"...\")",
        e.getMessage());
  }

  @Test
  void readsTheSourceDirKedroReadsAndDefaultsToSrc() throws Exception {
    pyproject("[tool.setuptools]\nsource_dir = \"no\"\n[tool.kedro]\nproject_name = \"x\"\nsource_dir = 'code' # here\n");
    assertEquals("code", ProjectMetadata.sourceDir(dir));

    pyproject("[tool.kedro]\nproject_name = \"x\"\n");
    assertEquals("src", ProjectMetadata.sourceDir(dir));
  }

  @Test
  void aMissingFileNamesTheParameter() {
    KedroVertexAiException e = assertThrows(KedroVertexAiException.class, () -> ProjectMetadata.projectName(dir));

    assertTrue(e.getMessage().contains("pyproject.toml does not exist: vertexai.projectDir"), e.getMessage());
  }

  private void pyproject(String text) throws Exception {
    Files.writeString(dir.resolve("pyproject.toml"), text);
  }
}
