package dev.kedrovertexai.core.description;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonLocatorTest {
  @TempDir Path project;

  private Path projectVenvPython(String permissions) throws Exception {
    Path python = project.resolve(".venv/bin/python");
    Files.createDirectories(python.getParent());
    Files.writeString(python, "#!/bin/sh\n");
    Files.setPosixFilePermissions(python, PosixFilePermissions.fromString(permissions));
    return python;
  }

  @Test
  void configuredInterpreterWinsOverEverything() throws Exception {
    projectVenvPython("rwxr-xr-x");

    String python = PythonLocator.locate(" /opt/py/bin/python ", project, Map.of("KEDRO_PYTHON", "/env/python"));

    assertEquals("/opt/py/bin/python", python);
  }

  @Test
  void kedroPythonWhenNothingIsConfigured() throws Exception {
    projectVenvPython("rwxr-xr-x");

    assertEquals("/env/python", PythonLocator.locate("  ", project, Map.of("KEDRO_PYTHON", "/env/python")));
    assertEquals("/env/python", PythonLocator.locate(null, project, Map.of("KEDRO_PYTHON", "/env/python")));
  }

  @Test
  void theProjectsVirtualenvWhenExecutable() throws Exception {
    Path python = projectVenvPython("rwxr-xr-x");

    assertEquals(python.toAbsolutePath().toString(), PythonLocator.locate(null, project, Map.of("KEDRO_PYTHON", "")));
  }

  @Test
  void python3OnThePathOtherwise() throws Exception {
    assertEquals("python3", PythonLocator.locate(null, project, Map.of()));

    projectVenvPython("rw-r--r--");
    assertEquals("python3", PythonLocator.locate("", project, Map.of()), "a non-executable file is skipped");
  }
}
