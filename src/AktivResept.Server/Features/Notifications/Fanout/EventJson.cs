using System.Text.Json;
using System.Text.Json.Nodes;

namespace AktivResept.Server.Features.Notifications.Fanout;

/// <summary>Event data as readers get it: a JSON object with camelCase names, like the rest of the API.</summary>
public static class EventJson
{
    public static JsonObject Facts(string data)
    {
        var facts = new JsonObject();
        if (JsonNode.Parse(data) is JsonObject stored)
        {
            foreach (var (key, value) in stored)
            {
                // Event data may be stored with either naming.
                facts[JsonNamingPolicy.CamelCase.ConvertName(key)] = value?.DeepClone();
            }
        }

        return facts;
    }
}
