package dev.kedrovertexai.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.TestTools;
import dev.kedrovertexai.core.TestTools.Tool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The CI workflows vertexai:init writes: valid for their CI system, keyless, and never over a user's file. */
class CiWorkflowTest {
  @TempDir Path project;

  private record Lint(int exitCode, String output) {}

  @Test
  void theGithubWorkflowPassesActionlint() throws Exception {
    Path workflow = CiWorkflow.write(CiWorkflow.CiSystem.GITHUB, project, false);

    assertEquals(project.resolve(".github/workflows/vertexai.yml"), workflow);
    Lint lint = actionlint(workflow);
    assertEquals(0, lint.exitCode(), lint.output());
    String text = Files.readString(workflow);
    assertTrue(text.contains("google-github-actions/auth@v2"), "keyless authentication");
    assertTrue(text.contains("id-token: write"), "the OIDC token the authentication exchanges");
    assertTrue(text.contains("run: mvn -B verify") && text.contains("run: mvn -B deploy"), text);
    assertTrue(text.contains("run: pip install ."), "a project without requirements.txt installs itself");
  }

  @Test
  void actionlintCatchesABrokenWorkflow() throws Exception {
    // The check above can fail: the same workflow with a job depending on one that does not exist.
    Path workflow = CiWorkflow.write(CiWorkflow.CiSystem.GITHUB, project, false);
    Files.writeString(
        workflow, Files.readString(workflow).replace("    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    needs: [nothing]\n"));

    Lint lint = actionlint(workflow);

    assertNotEquals(0, lint.exitCode(), lint.output());
    assertTrue(lint.output().contains("nothing"), lint.output());
  }

  @Test
  @SuppressWarnings("unchecked")
  void theGitlabPipelineTestsMergeRequestsAndDeploysTheDefaultBranch() throws Exception {
    Files.writeString(project.resolve("requirements.txt"), "kedro\n");
    Path file = CiWorkflow.write(CiWorkflow.CiSystem.GITLAB, project, false);

    Map<String, Object> pipeline = new Yaml().load(Files.readString(file));

    Map<String, Object> verify = (Map<String, Object>) pipeline.get("verify");
    Map<String, Object> deploy = (Map<String, Object>) pipeline.get("deploy");
    assertEquals(List.of("mvn -B verify"), verify.get("script"));
    assertEquals("$CI_PIPELINE_SOURCE == \"merge_request_event\"", ((List<Map<String, String>>) verify.get("rules")).get(0).get("if"));
    List<String> script = (List<String>) deploy.get("script");
    assertEquals("mvn -B deploy -Dvertexai.wait=true", script.get(script.size() - 1));
    assertTrue(((Map<String, Object>) deploy.get("id_tokens")).containsKey("GCP_ID_TOKEN"));
    Map<String, Object> defaults = (Map<String, Object>) pipeline.get("default");
    assertTrue(((List<String>) defaults.get("before_script")).contains("pip install -r requirements.txt"));
  }

  @Test
  void anExistingWorkflowIsKeptUnlessForced() throws Exception {
    Path workflow = Files.createDirectories(project.resolve(".github/workflows")).resolve("vertexai.yml");
    Files.writeString(workflow, "mine\n");

    KedroVertexAiException e =
        assertThrows(KedroVertexAiException.class, () -> CiWorkflow.write(CiWorkflow.CiSystem.GITHUB, project, false));

    assertEquals(".github/workflows/vertexai.yml already exists; to replace it, run again with -Dvertexai.force=true", e.getMessage());
    assertEquals("mine\n", Files.readString(workflow));
    CiWorkflow.write(CiWorkflow.CiSystem.GITHUB, project, true);
    assertFalse(Files.readString(workflow).equals("mine\n"));
  }

  @Test
  void anUnknownSystemNamesTheChoices() {
    assertEquals(CiWorkflow.CiSystem.GITLAB, assertDoesNotThrowSystem("GitLab"));
    ProblemsException e =
        assertThrows(ProblemsException.class, () -> CiWorkflow.system("jenkins", "-Dvertexai.ci"));
    assertTrue(e.getMessage().contains("-Dvertexai.ci: expected github or gitlab, got 'jenkins'"), e.getMessage());
  }

  private static CiWorkflow.CiSystem assertDoesNotThrowSystem(String name) {
    try {
      return CiWorkflow.system(name, "test");
    } catch (ProblemsException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  private static Lint actionlint(Path workflow) throws Exception {
    Path binary = TestTools.require(Tool.ACTIONLINT);
    Process process =
        new ProcessBuilder(binary.toString(), "-no-color", workflow.toString()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(1, TimeUnit.MINUTES));
    return new Lint(process.exitValue(), output);
  }
}
