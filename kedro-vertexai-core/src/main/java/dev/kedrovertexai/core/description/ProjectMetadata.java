package dev.kedrovertexai.core.description;

import dev.kedrovertexai.core.KedroVertexAiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kedro project's name, read from {@code [tool.kedro] project_name} of its {@code pyproject.toml}, where Kedro
 * itself reads it: enough for the goals that only need names, so that they start no Python.
 */
public final class ProjectMetadata {
  private static final Pattern TABLE = Pattern.compile("\\s*\\[\\s*([^\\[\\]]+?)\\s*]\\s*(#.*)?");
  private static final Pattern PROJECT_NAME =
      Pattern.compile("\\s*project_name\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)')\\s*(#.*)?");

  private ProjectMetadata() {}

  public static String projectName(Path projectDir) throws KedroVertexAiException {
    Path pyproject = projectDir.resolve("pyproject.toml");
    List<String> lines;
    try {
      lines = Files.readAllLines(pyproject, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new KedroVertexAiException(
          pyproject + " does not exist: vertexai.projectDir must be the Kedro project root");
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot read " + pyproject + ": " + e.getMessage(), e);
    }
    String table = "";
    for (int i = 0; i < lines.size(); i++) {
      Matcher header = TABLE.matcher(lines.get(i));
      if (header.matches()) {
        table = header.group(1).replaceAll("\\s+", "");
        continue;
      }
      Matcher name = PROJECT_NAME.matcher(lines.get(i));
      if (table.equals("tool.kedro") && name.matches()) {
        String value = name.group(1) != null ? unescape(name.group(1)) : name.group(2);
        if (value.isBlank()) {
          throw new KedroVertexAiException(pyproject + ":" + (i + 1) + ": project_name is empty");
        }
        return value;
      }
    }
    throw new KedroVertexAiException(
        pyproject + " has no project_name under [tool.kedro]: expected a Kedro project's pyproject.toml"
            + " (project_name = \"...\")");
  }

  private static String unescape(String basic) {
    return basic.replaceAll("\\\\(.)", "$1");
  }
}
