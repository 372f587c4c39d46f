package dev.kedrovertexai.core.vertex;

import dev.kedrovertexai.core.RecordingLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the tests of {@link VertexAiService} share: a fake Vertex AI on an in-process channel, started for each test
 * and closed after it, a clock that moves only when the service sleeps, and the log the service writes.
 */
abstract class InProcessVertexTest {
  Fixtures.InProcessVertex vertex;
  FakeVertexAi fake;
  final Fixtures.FakeTime time = new Fixtures.FakeTime();
  final RecordingLog log = new RecordingLog();

  @BeforeEach
  void startVertex() throws Exception {
    vertex = new Fixtures.InProcessVertex();
    fake = vertex.fake;
  }

  @AfterEach
  void stopVertex() throws Exception {
    vertex.close();
  }
}
