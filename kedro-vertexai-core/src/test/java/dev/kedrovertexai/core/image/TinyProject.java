package dev.kedrovertexai.core.image;

import dev.kedrovertexai.core.config.ImageBuildConfig;
import dev.kedrovertexai.core.config.RunConfig;
import dev.kedrovertexai.core.config.VertexAiConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A small Kedro-shaped project for the image tests, with everything that must stay out of an image: data,
 * {@code conf/local}, credentials files, caches, hidden files.
 */
final class TinyProject {
  /** The files the project layer must hold, below the project root. */
  static final List<String> LAYER_FILES =
      List.of(
          "conf/base/catalog.yml",
          "conf/base/parameters.yml",
          "pyproject.toml",
          "src/tiny/__init__.py",
          "src/tiny/pipeline_registry.py",
          "src/tiny/settings.py");

  private TinyProject() {}

  static Path create(Path root, String requirements) throws IOException {
    write(root, "pyproject.toml", "[project]\nname = \"tiny\"\nversion = \"0.1\"\n\n[tool.kedro]\npackage_name = \"tiny\"\n"
        + "project_name = \"tiny\"\nsource_dir = \"src\"\n");
    write(root, "src/tiny/__init__.py", "");
    write(root, "src/tiny/settings.py", "");
    write(root, "src/tiny/pipeline_registry.py", "def register_pipelines():\n    return {}\n");
    write(root, "conf/base/catalog.yml", "numbers:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/numbers.csv\n");
    write(root, "conf/base/parameters.yml", "factor: 2\n");
    // Everything below must never reach a layer.
    write(root, "conf/base/credentials.yml", "db: {password: base-secret}\n");
    write(root, "conf/base/credentials/extra.yml", "token: folder-secret\n");
    write(root, "conf/local/credentials.yml", "db: {password: local-secret}\n");
    write(root, "conf/local/parameters.yml", "factor: 3\n");
    write(root, "conf/base/.env", "SECRET=hidden\n");
    write(root, "data/01_raw/numbers.csv", "n\n1\n");
    write(root, "src/tiny/__pycache__/settings.cpython-311.pyc", "compiled");
    write(root, "src/tiny.egg-info/PKG-INFO", "Name: tiny\n");
    write(root, "README.md", "not part of the image\n");
    if (requirements != null) {
      write(root, "requirements.txt", requirements);
    }
    return root;
  }

  static void write(Path root, String relative, String content) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  /** A config that builds {@code image} on {@code baseImage}. */
  static VertexAiConfig config(String image, String baseImage, String pythonVersion) {
    RunConfig run =
        RunConfig.builder(image, "bucket/tiny")
            .imageBuild(baseImage == null ? ImageBuildConfig.NONE : new ImageBuildConfig(baseImage, pythonVersion))
            .build();
    return new VertexAiConfig("tiny-project", "europe-west4", "local", run, Map.of());
  }
}
