package dev.rosetta.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rosetta.examples.library.v1.LibraryProto;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import dev.rosetta.gateway.route.RouteTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schemas name properties the way the gateway prints them. */
class OpenApiFieldNamesTest {
  private static String spec(boolean protoNames) throws Exception {
    RouteTable table = RouteTable.build(DescriptorRegistry.of(List.of(LibraryProto.getDescriptor())));
    return new String(OpenApiDocument.of(table, OpenApiOptions.DEFAULTS,
        new dev.rosetta.gateway.codec.CodecOptions(protoNames, false, false, false)).json(), StandardCharsets.UTF_8);
  }

  @Test
  void propertiesUseJsonNamesByDefault() throws Exception {
    String json = spec(false);
    assertThat(json).contains("\"nextPageToken\":").doesNotContain("\"next_page_token\":");
  }

  @Test
  void propertiesUseProtoNamesWhenTheGatewayPrintsThem() throws Exception {
    String json = spec(true);
    assertThat(json).contains("\"next_page_token\":").doesNotContain("\"nextPageToken\":");
  }
}
