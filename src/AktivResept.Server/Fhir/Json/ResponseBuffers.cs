using System.Buffers;
using Microsoft.Extensions.ObjectPool;

namespace AktivResept.Server.Fhir.Json;

/// <summary>
/// Buffers for FHIR response bodies, kept between requests. Only what a response wrote is ever sent
/// (<see cref="ArrayBufferWriter{T}.WrittenMemory"/>), so a buffer is reused without clearing; one grown past a large
/// body is dropped rather than kept, so the pool holds at most a few typical pages' worth.
/// </summary>
public static class ResponseBuffers
{
    private const int InitialBytes = 32 * 1024;
    private const int MaxKeptBytes = 1024 * 1024;

    private static readonly DefaultObjectPool<ArrayBufferWriter<byte>> Pool = new(new Policy(), Environment.ProcessorCount * 4);

    public static ArrayBufferWriter<byte> Get() => Pool.Get();

    public static void Return(ArrayBufferWriter<byte> buffer) => Pool.Return(buffer);

    private sealed class Policy : IPooledObjectPolicy<ArrayBufferWriter<byte>>
    {
        public ArrayBufferWriter<byte> Create() => new(InitialBytes);

        public bool Return(ArrayBufferWriter<byte> obj)
        {
            if (obj.Capacity > MaxKeptBytes)
            {
                return false;
            }

            obj.ResetWrittenCount();
            return true;
        }
    }
}
