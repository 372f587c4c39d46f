package dev.kedrovertexai.core.bench;

import dev.kedrovertexai.core.Version;
import dev.kedrovertexai.core.description.DescriptionJson;
import dev.kedrovertexai.core.io.AtomicFiles;
import java.nio.file.Path;

/**
 * Writes a Maven project around a synthetic pipeline description, so that the whole {@code mvn
 * vertexai:compile} (Maven start-up, config, reading the description, planning, compiling, writing) can be
 * timed on a large pipeline: {@code SyntheticProject <dir> [nodes]}.
 */
public final class SyntheticProject {
  private SyntheticProject() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: SyntheticProject <dir> [nodes, default 5000]");
    }
    Path dir = Path.of(args[0]);
    int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    AtomicFiles.write(
        dir.resolve("pipeline-description.json"),
        DescriptionJson.write(SyntheticPipelines.description(nodes, 42)));
    AtomicFiles.write(
        dir.resolve("conf/base/vertexai.yml"),
        String.join(
            "\n",
            "project_id: synthetic-project",
            "region: europe-west4",
            "run_config:",
            "  image: europe-docker.pkg.dev/synthetic-project/images/synthetic:1",
            "  root: synthetic-project-vertexai/synthetic",
            "  resources:",
            "    __default__: {cpu: 500m, memory: 1Gi}",
            "    heavy: {cpu: 4, memory: 16Gi}",
            ""));
    AtomicFiles.write(
        dir.resolve("pom.xml"),
        String.join(
            "\n",
            "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">",
            "  <modelVersion>4.0.0</modelVersion>",
            "  <groupId>dev.kedrovertexai.bench</groupId>",
            "  <artifactId>synthetic-" + nodes + "</artifactId>",
            "  <version>1</version>",
            "  <packaging>pom</packaging>",
            "  <properties>",
            "    <vertexai.pipelineDescription>${project.basedir}/pipeline-description.json</vertexai.pipelineDescription>",
            "  </properties>",
            "  <build><plugins><plugin>",
            "    <groupId>dev.kedrovertexai</groupId>",
            "    <artifactId>kedro-vertexai-maven-plugin</artifactId>",
            "    <version>" + Version.get() + "</version>",
            "  </plugin></plugins></build>",
            "</project>",
            ""));
    System.out.println("Wrote a " + nodes + "-node project to " + dir.toAbsolutePath());
  }
}
