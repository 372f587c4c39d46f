package dev.kedrovertexai.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The generated plugin descriptor is what Maven really reads: goals, phases, thread safety and the {@code -D}
 * property of every parameter are checked there, not on the annotations.
 */
class PluginDescriptorTest {
  private static Document descriptor;

  @BeforeAll
  static void readDescriptor() throws Exception {
    Path file = Path.of("target/classes/META-INF/maven/plugin.xml");
    assertTrue(Files.isRegularFile(file), "the descriptor is generated before the tests run: " + file);
    descriptor = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  private static List<Element> mojos() {
    NodeList nodes = descriptor.getElementsByTagName("mojo");
    List<Element> mojos = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      mojos.add((Element) nodes.item(i));
    }
    return mojos;
  }

  private static String child(Element element, String name) {
    NodeList children = element.getElementsByTagName(name);
    return children.getLength() == 0 ? null : children.item(0).getTextContent().trim();
  }

  @Test
  void goalsAndTheirPhases() {
    Map<String, String> phases = new TreeMap<>();
    for (Element mojo : mojos()) {
      phases.put(child(mojo, "goal"), String.valueOf(child(mojo, "phase")));
    }
    assertEquals("vertexai", descriptor.getElementsByTagName("goalPrefix").item(0).getTextContent().trim());
    assertEquals("package", phases.get("compile"));
    assertEquals("package", phases.get("image"));
    assertEquals("deploy", phases.get("run-once"));
    assertEquals("deploy", phases.get("upload"));
    assertTrue(
        phases.keySet()
            .containsAll(
                List.of(
                    "init", "describe", "image", "compile", "upload", "run-local", "run-once", "schedule", "unschedule",
                    "pause-schedule", "resume-schedule", "list-pipelines", "ui", "help")),
        phases.keySet().toString());
  }

  @Test
  void runLocalTakesIsolationAndTheForkServerFromTheirProperties() {
    Element runLocal =
        mojos().stream().filter(mojo -> "run-local".equals(child(mojo, "goal"))).findFirst().orElseThrow();
    Element configuration = (Element) runLocal.getElementsByTagName("configuration").item(0);
    for (String parameter : List.of("isolateTasks", "forkServer")) {
      Element entry = (Element) configuration.getElementsByTagName(parameter).item(0);
      assertEquals("${vertexai." + parameter + "}", entry.getTextContent().trim(), parameter);
      assertEquals("true", entry.getAttribute("default-value"), parameter);
    }
  }

  @Test
  void everyGoalIsThreadSafe() {
    for (Element mojo : mojos()) {
      assertEquals("true", child(mojo, "threadSafe"), child(mojo, "goal"));
    }
  }

  @Test
  void everyPropertyLivesInTheVertexaiNamespace() {
    NodeList configurations = descriptor.getElementsByTagName("configuration");
    List<String> outside = new ArrayList<>();
    int ours = 0;
    for (int i = 0; i < configurations.getLength(); i++) {
      NodeList entries = configurations.item(i).getChildNodes();
      for (int j = 0; j < entries.getLength(); j++) {
        if (!(entries.item(j) instanceof Element entry)) {
          continue;
        }
        String expression = entry.getTextContent().trim();
        if (expression.startsWith("${vertexai.")) {
          ours++;
        } else if (expression.startsWith("${") && !entry.getTagName().equals("session")
            && !entry.getTagName().equals("project") && !expression.startsWith("${detail")
            && !expression.startsWith("${goal") && !expression.startsWith("${indentSize")
            && !expression.startsWith("${lineLength")) {
          outside.add(entry.getTagName() + "=" + expression);
        }
      }
    }
    assertEquals(List.of(), outside);
    assertTrue(ours > 20, "the goals' properties are found: " + ours);
  }
}
