using System.Buffers;

namespace Hsi.Inference.Media;

/// <summary>
/// A file's bytes, in a buffer from the shared pool when read by <see cref="CameraFile.ReadPooledAsync"/>:
/// pictures are over the large-object threshold, and a fresh array per file costs full collections.
/// Disposing gives the buffer back.
/// </summary>
public sealed class PooledBytes : IDisposable
{
    private readonly byte[] _buffer;
    private bool _rented;

    /// <summary>Bytes that are not the pool's (tests, a picture already in memory).</summary>
    public PooledBytes(byte[] bytes) : this(bytes, bytes.Length, rented: false) { }

    private PooledBytes(byte[] buffer, int length, bool rented) => (_buffer, Length, _rented) = (buffer, length, rented);

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    internal static PooledBytes Rent(long length) => new(ArrayPool<byte>.Shared.Rent(checked((int)length)), 0, rented: true);

    internal Memory<byte> Free => _buffer.AsMemory(Length);

    internal void Advance(int count) => Length += count;

    public void Dispose()
    {
        if (!_rented) return;
        _rented = false;
        ArrayPool<byte>.Shared.Return(_buffer);
    }
}
