namespace Ja4Data.Cli.Output;

/// <summary>A Spectre.Console progress bar that follows a counter while a task runs.</summary>
internal static class ProgressDisplay
{
    public static async Task<T> TrackAsync<T>(IAnsiConsole console, string label, double total, Func<double> current, Func<Task<T>> work)
        => await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(label), maxValue: total);
                var running = work();
                while (!running.IsCompleted)
                {
                    task.Value = Math.Min(current(), total);
                    await Task.WhenAny(running, Task.Delay(100));
                }

                var result = await running;
                task.Value = total;
                return result;
            });
}
