package dev.kedrovertexai.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kedrovertexai.core.ProblemsException;
import org.junit.jupiter.api.Test;

class LocalRunRequestTest {
  @Test
  void parallelismDefaultsToTheCoresAndMustBePositive() throws Exception {
    assertEquals(Runtime.getRuntime().availableProcessors(), LocalRunRequest.parallelism(null, "-Dp"));
    assertEquals(3, LocalRunRequest.parallelism(3, "-Dp"));
    ProblemsException e = assertThrows(ProblemsException.class, () -> LocalRunRequest.parallelism(0, "-Dp"));
    assertEquals("-Dp: expected a number of tasks of at least 1, got 0", e.problems().get(0).toString());
  }
}
