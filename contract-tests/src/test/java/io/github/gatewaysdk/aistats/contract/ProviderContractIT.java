package io.github.gatewaysdk.aistats.contract;

import static io.github.gatewaysdk.aistats.contract.Fixtures.assertConformingExchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.gatewaysdk.aistats.AiStatsClient;
import io.github.gatewaysdk.aistats.core.ApiCore;
import io.github.gatewaysdk.aistats.core.ApiRequest;
import io.github.gatewaysdk.aistats.core.ClientBuilder;
import io.github.gatewaysdk.aistats.core.ResponseType;
import io.github.gatewaysdk.aistats.errors.UnprocessableEntityException;
import io.github.gatewaysdk.aistats.mock.PrismMock;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import io.github.gatewaysdk.aistats.model.ProviderRoutingOptions;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openapitools.jackson.nullable.JsonNullableModule;

/**
 * The {@code provider} part, property by property, with values read off the contract's schema ({@link
 * SchemaValues}): whatever the contract file, every value it allows (each union branch, enum value, null of a
 * nullable) is built as the SDK's typed model, sent through the SDK, accepted by the mock and found on the wire as
 * set; every value it forbids is rejected by the mock with the property named.
 */
@ExtendWith(PrismMock.Extension.class)
class ProviderContractIT {
    /** Reads a case's JSON into the SDK's own model, as a user's code would build it. */
    private static final ObjectMapper MODELS = new ObjectMapper().registerModule(new JsonNullableModule())
            .registerModule(new JavaTimeModule()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static WireRecorder wire;
    private static AiStatsClient client;
    private static ApiCore core;

    @BeforeAll
    static void connect(PrismMock mock) {
        wire = new WireRecorder(false);
        client = wire.client(mock.baseUrl());
        core = ClientBuilder.create(mock.baseUrl(), Function.<ApiCore>identity()).apiKey(Fixtures.API_KEY)
                .addInterceptor(wire).build();
    }

    @AfterAll
    static void disconnect() {
        client.close();
        core.close();
    }

    static List<SchemaValues.Case> allowed() {
        return new SchemaValues(Contract.ofBuild()).valid(providerSchema());
    }

    static List<SchemaValues.Case> forbidden() {
        return new SchemaValues(Contract.ofBuild()).invalid(providerSchema());
    }

    private static JsonNode providerSchema() {
        JsonNode schema = Contract.ofBuild().requestProperty("POST", "/images/edits", "provider");
        assertFalse(schema.isMissingNode(), "the contract's image edit has a provider part");
        return schema;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowed")
    void everyValueTheSchemaAllowsTravelsThroughTheSdkAsSet(SchemaValues.Case value) throws Exception {
        ProviderRoutingOptions provider = MODELS.treeToValue(value.provider(), ProviderRoutingOptions.class);
        String callId = Fixtures.newCallId();
        ImagesEditResponse response = client.images().edit(Fixtures.requiredOnly().provider(provider),
                Fixtures.tagged(callId));
        Exchange exchange = wire.exchange(callId);
        assertConformingExchange(exchange, response);
        JsonNode sent = Fixtures.readTree(exchange.part("provider").orElseThrow().value());
        assertTrue(value.provider().equals((a, b) -> a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1, sent),
                () -> "set " + value.provider() + ", sent " + sent);
    }

    /** The typed model cannot hold these, so they go as a raw part through the client's core, its public seam. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("forbidden")
    void aValueTheSchemaForbidsIsRejectedNamingTheProperty(SchemaValues.Case value) {
        String callId = Fixtures.newCallId();
        ApiRequest<ImagesEditResponse> request = ApiRequest.builder("POST", "/images/edits",
                ResponseType.json(new TypeReference<ImagesEditResponse>() {}))
                .part("model", "gpt-image-1").part("image", Fixtures.IMAGE).part("prompt", "p")
                .part("provider", value.provider())
                .build();
        UnprocessableEntityException error = assertThrows(UnprocessableEntityException.class,
                () -> core.execute(request, Fixtures.tagged(callId)));
        assertTrue(error.getMessage().contains("body.provider." + value.property()), error.getMessage());
        assertEquals(422, wire.exchange(callId).status());
    }
}
