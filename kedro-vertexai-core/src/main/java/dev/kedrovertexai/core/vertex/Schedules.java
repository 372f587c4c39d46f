package dev.kedrovertexai.core.vertex;

import com.google.cloud.aiplatform.v1.Schedule;
import com.google.protobuf.FieldMask;
import java.util.List;

/** The ScheduleService calls this plugin makes; failures surface as gax {@code ApiException}s. */
public interface Schedules {
  /** Every schedule of {@code parent} matching {@code filter} (empty: all). */
  List<Schedule> list(String parent, String filter);

  Schedule create(String parent, Schedule schedule);

  Schedule update(Schedule schedule, FieldMask mask);

  void delete(String name);

  void pause(String name);

  void resume(String name);
}
