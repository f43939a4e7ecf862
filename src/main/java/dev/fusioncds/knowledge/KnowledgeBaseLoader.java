package dev.fusioncds.knowledge;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads {@code terminology/knowledge/} from the classpath: every file is checked against its JSON
 * Schema in {@code terminology/schema/}, then every cross-reference (citations, drugs, genes, tumor
 * types, tests) is resolved. Any problem stops the load with a message naming file and row.
 */
public final class KnowledgeBaseLoader {

	static final String KNOWLEDGE_DIR = "terminology/knowledge/";
	static final String SCHEMA_DIR = "terminology/schema/";

	private static final ObjectMapper JSON = JsonMapper.builder()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();
	private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

	private KnowledgeBaseLoader() {}

	public static KnowledgeBase fromClasspath() {
		MessageDigest digest = sha256();
		JsonNode manifest = readValidated("manifest.json", digest);
		List<String> files = new ArrayList<>();
		manifest.path("files").forEach(f -> files.add(f.asText()));
		var nodes = new java.util.HashMap<String, JsonNode>();
		for (String file : files) {
			nodes.put(file, readValidated(file, digest));
		}
		JsonNode genes = node(nodes, "genes.json");
		JsonNode tumors = node(nodes, "tumor-types.json");
		JsonNode retest = node(nodes, "retest-rules.json");
		KnowledgeFiles content = new KnowledgeFiles(
				list(node(nodes, "sources.json").path("sources"), Source.class),
				list(genes.path("genes"), GeneEntry.class),
				list(genes.path("otherApprovedSymbols").path("symbols"), String.class),
				list(node(nodes, "drugs.json").path("drugs"), Drug.class),
				list(node(nodes, "drugs.json").path("regimens"), Regimen.class),
				list(tumors.path("tumorTypes"), TumorType.class),
				list(tumors.path("solidTumorPhrases"), String.class),
				list(tumors.path("hematologicPhrases"), String.class),
				list(tumors.path("msiHighPhrases"), String.class),
				list(node(nodes, "indications.json").path("indications"), Indication.class),
				list(retest.path("rules"), RetestRule.class),
				list(retest.path("tests"), TestDefinition.class),
				list(node(nodes, "methods.json").path("methods"), MethodPhrases.class),
				convert(node(nodes, "result-status.json"), ResultVocabulary.class),
				convert(node(nodes, "disease-extent.json"), DiseaseExtentPhrases.class),
				convert(node(nodes, "co-occurrence.json"), CoOccurrence.class),
				convert(node(nodes, "resistance.json"), Resistance.class),
				convert(node(nodes, "screening.json"), Screening.class));
		List<String> problems = new KnowledgeReferenceCheck(content).problems();
		if (!problems.isEmpty()) {
			throw new KnowledgeBaseException("Knowledge base references do not resolve:\n  " + String.join("\n  ", problems));
		}
		return new KnowledgeBase(manifest.path("version").asText(), HexFormat.of().formatHex(digest.digest()), content);
	}

	private static JsonNode node(java.util.Map<String, JsonNode> nodes, String file) {
		JsonNode node = nodes.get(file);
		if (node == null) {
			throw new KnowledgeBaseException("manifest.json does not list " + file);
		}
		return node;
	}

	private static JsonNode readValidated(String file, MessageDigest digest) {
		byte[] bytes = readClasspath(KNOWLEDGE_DIR + file);
		digest.update(file.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		digest.update(bytes);
		String schemaName = file.replace(".json", ".schema.json");
		try {
			JsonNode node = JSON.readTree(bytes);
			JsonSchema schema = SCHEMAS.getSchema(JSON.readTree(readClasspath(SCHEMA_DIR + schemaName)));
			Set<ValidationMessage> errors = schema.validate(node);
			if (!errors.isEmpty()) {
				throw new KnowledgeBaseException(file + " does not match " + schemaName + ": "
						+ errors.stream().map(ValidationMessage::getMessage).sorted().toList());
			}
			return node;
		} catch (IOException e) {
			throw new KnowledgeBaseException(file + " is not valid JSON: " + e.getMessage());
		}
	}

	private static byte[] readClasspath(String path) {
		try (InputStream in = KnowledgeBaseLoader.class.getClassLoader().getResourceAsStream(path)) {
			if (in == null) {
				throw new KnowledgeBaseException("missing on the classpath: " + path);
			}
			return in.readAllBytes();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static <T> List<T> list(JsonNode array, Class<T> type) {
		return Stream.iterate(0, i -> i < array.size(), i -> i + 1)
				.map(array::get)
				.map(element -> convert(element, type))
				.toList();
	}

	private static <T> T convert(JsonNode node, Class<T> type) {
		try {
			return JSON.treeToValue(node, type);
		} catch (IOException e) {
			throw new KnowledgeBaseException("cannot read " + type.getSimpleName() + ": " + e.getMessage());
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

}
