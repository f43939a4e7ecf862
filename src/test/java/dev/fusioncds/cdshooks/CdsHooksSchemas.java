package dev.fusioncds.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/** The CDS Hooks 2.0.1 response schemas in {@code src/test/resources/cds-hooks-schema/}. */
final class CdsHooksSchemas {

	static final ObjectMapper JSON = new ObjectMapper();
	private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

	private CdsHooksSchemas() {}

	/** Validation messages of {@code body} against schema {@code name}; empty means valid. */
	static Set<ValidationMessage> violations(String name, String body) {
		try {
			JsonSchema schema = FACTORY.getSchema(CdsHooksSchemas.class.getResourceAsStream("/cds-hooks-schema/" + name + ".schema.json"));
			JsonNode json = JSON.readTree(body);
			return schema.validate(json);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
