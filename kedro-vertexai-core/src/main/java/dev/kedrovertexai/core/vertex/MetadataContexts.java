package dev.kedrovertexai.core.vertex;

import com.google.cloud.aiplatform.v1.Context;
import com.google.cloud.aiplatform.v1.CreateContextRequest;
import com.google.cloud.aiplatform.v1.MetadataStore;
import com.google.protobuf.FieldMask;
import java.util.List;

/**
 * The MetadataService calls this plugin makes to record runs in a Vertex AI experiment; failures surface as gax
 * {@code ApiException}s.
 */
public interface MetadataContexts {
  MetadataStore getMetadataStore(String name);

  /** Creates the store {@code parent/metadataStores/<storeId>} and waits for the operation to finish. */
  MetadataStore createMetadataStore(String parent, String storeId);

  Context getContext(String name);

  Context createContext(CreateContextRequest request);

  Context updateContext(Context context, FieldMask mask);

  /** Adds {@code children} to the context {@code parent}; children that are already there are skipped. */
  void addContextChildren(String parent, List<String> children);

  /** Every context of the store {@code metadataStore} matching {@code filter}. */
  List<Context> listContexts(String metadataStore, String filter);
}
