package dev.kedrovertexai.core.config;

import dev.kedrovertexai.core.KedroVertexAiException;
import dev.kedrovertexai.core.Origin;
import dev.kedrovertexai.core.Problem;
import dev.kedrovertexai.core.ProblemsException;
import dev.kedrovertexai.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The CI workflow {@code vertexai:init} writes on request: {@code mvn -B verify} on every pull request, and {@code
 * mvn -B deploy} (compile, submit the run) on the main branch, authenticated to Google Cloud without keys through
 * Workload Identity Federation. The workflow reads the identity provider and service account from CI variables, so
 * it holds no secret.
 */
public final class CiWorkflow {
  /** The CI systems a workflow can be written for. */
  public enum CiSystem {
    GITHUB(".github/workflows/vertexai.yml"),
    GITLAB(".gitlab-ci.yml");

    public final String path;

    CiSystem(String path) {
      this.path = path;
    }
  }

  private static final String GITHUB =
      """
      # Written by mvn vertexai:init -Dvertexai.ci=github. Pull requests run the tests; the main branch compiles
      # the Kedro pipeline and submits it to Vertex AI. Google Cloud access is keyless (Workload Identity
      # Federation): set the repository variables GCP_WORKLOAD_IDENTITY_PROVIDER
      # (projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>) and
      # GCP_SERVICE_ACCOUNT (the account the runs are submitted as).
      name: Kedro pipeline on Vertex AI

      on:
        push:
          branches: [main]
        pull_request:

      permissions:
        contents: read

      env:
        KEDRO_DISABLE_TELEMETRY: "true"

      jobs:
        verify:
          if: github.event_name == 'pull_request'
          runs-on: ubuntu-latest
          steps:
            {setup}
            - name: Test and compile the pipeline
              run: mvn -B verify

        deploy:
          if: github.event_name == 'push'
          runs-on: ubuntu-latest
          permissions:
            contents: read
            id-token: write
          concurrency:
            group: vertexai-deploy
            cancel-in-progress: false
          steps:
            {setup}
            - name: Authenticate to Google Cloud
              uses: google-github-actions/auth@v2
              with:
                workload_identity_provider: ${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}
                service_account: ${{ vars.GCP_SERVICE_ACCOUNT }}
            - name: Compile and submit the pipeline
              run: mvn -B deploy -Dvertexai.wait=true
      """;

  /** The steps both GitHub jobs start with: the sources, Java, Python, and the Kedro project installed. */
  private static final String GITHUB_SETUP =
      """
            - uses: actions/checkout@v4
            - uses: actions/setup-java@v4
              with:
                distribution: temurin
                java-version: "17"
                cache: maven
            - uses: actions/setup-python@v5
              with:
                python-version: "3.11"
            - name: Install the Kedro project
              run: {install}""";

  private static final String GITLAB =
      """
      # Written by mvn vertexai:init -Dvertexai.ci=gitlab. Merge requests run the tests; the default branch
      # compiles the Kedro pipeline and submits it to Vertex AI. Google Cloud access is keyless (Workload Identity
      # Federation with GitLab's ID token): set the CI/CD variables GCP_WORKLOAD_IDENTITY_PROVIDER
      # (projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>) and
      # GCP_SERVICE_ACCOUNT (the account the runs are submitted as).
      default:
        image: maven:3.9-eclipse-temurin-17
        before_script:
          - apt-get update -qq && apt-get install -y -qq python3 python3-venv python3-pip > /dev/null
          - python3 -m venv .venv && . .venv/bin/activate
          - {install}

      variables:
        KEDRO_DISABLE_TELEMETRY: "true"

      verify:
        stage: test
        rules:
          - if: $CI_PIPELINE_SOURCE == "merge_request_event"
        script:
          - mvn -B verify

      deploy:
        stage: deploy
        rules:
          - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
        id_tokens:
          GCP_ID_TOKEN:
            aud: https://iam.googleapis.com/${GCP_WORKLOAD_IDENTITY_PROVIDER}
        script:
          - echo "$GCP_ID_TOKEN" > .gcp-id-token
          - >-
            printf '{"type": "external_account", "audience": "//iam.googleapis.com/%s",
            "subject_token_type": "urn:ietf:params:oauth:token-type:jwt",
            "token_url": "https://sts.googleapis.com/v1/token",
            "credential_source": {"file": ".gcp-id-token"},
            "service_account_impersonation_url":
            "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/%s:generateAccessToken"}'
            "$GCP_WORKLOAD_IDENTITY_PROVIDER" "$GCP_SERVICE_ACCOUNT" > .gcp-credentials.json
          - export GOOGLE_APPLICATION_CREDENTIALS="$PWD/.gcp-credentials.json"
          - mvn -B deploy -Dvertexai.wait=true
      """;

  private CiWorkflow() {}

  /** The system named by {@code -Dvertexai.ci}, or a problem naming the choices. */
  public static CiSystem system(String name, String source) throws ProblemsException {
    String wanted = name.strip().toLowerCase(Locale.ROOT);
    for (CiSystem system : CiSystem.values()) {
      if (system.name().toLowerCase(Locale.ROOT).equals(wanted)) {
        return system;
      }
    }
    throw new ProblemsException(
        "Cannot write a CI workflow",
        List.of(new Problem(Origin.of(source), "", "expected github or gitlab, got '" + name + "'")));
  }

  /** The workflow's text for the project in {@code projectDir}: it installs the project as its files say. */
  public static String render(CiSystem system, Path projectDir) {
    String install =
        Files.isRegularFile(projectDir.resolve("requirements.txt"))
            ? "pip install -r requirements.txt"
            : "pip install .";
    String template = system == CiSystem.GITHUB ? GITHUB.replace("      {setup}\n", GITHUB_SETUP.indent(6)) : GITLAB;
    return template.replace("{install}", install);
  }

  /** Writes the workflow into the project, refusing to replace one unless {@code force}; returns its path. */
  public static Path write(CiSystem system, Path projectDir, boolean force) throws KedroVertexAiException {
    Path target = projectDir.resolve(system.path);
    if (Files.exists(target) && !force) {
      throw new KedroVertexAiException(
          system.path + " already exists; to replace it, run again with -Dvertexai.force=true");
    }
    try {
      AtomicFiles.write(target, render(system, projectDir));
    } catch (IOException e) {
      throw new KedroVertexAiException("Cannot write " + target + ": " + e.getMessage(), e);
    }
    return target;
  }
}
