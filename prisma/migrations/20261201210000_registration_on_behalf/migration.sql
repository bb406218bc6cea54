-- A registration a reviewer makes for one officer is recorded as such, not as a bulk import.
ALTER TYPE "RegistrationSource" ADD VALUE 'ON_BEHALF';
