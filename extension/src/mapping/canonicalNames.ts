/**
 * `user_id` → `userId`: canonical columns are snake_case in data, camelCase as `load()`'s `columns` keys.
 * @example camelOf('registered_at') // 'registeredAt'
 */
export function camelOf(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
