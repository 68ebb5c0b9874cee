import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { OpenCallDto, TurnDto } from './desk.dto';
import { DeskService } from './desk.service';

/** Each ISP's support desk: anyone may call, as with a real one. What it says is its policy's. */
@ApiTags('desk')
@Controller('isps')
export class DeskController {
  constructor(private readonly desk: DeskService) {}

  @Post(':ispId/desk/calls')
  @ApiOperation({
    summary: 'Call the support desk about the customer behind an address at a time',
    description: 'Claim to be the subscriber, a technician, a family member or the police.',
  })
  @ApiCreatedResponse({ description: '{ callId, state, say, disclosed: null, … }' })
  @ApiBadRequestResponse({ description: 'validation_failed' })
  @ApiNotFoundResponse({ description: 'isp_not_found, address_not_in_isp or address_outside_lab' })
  open(@Param('ispId') ispId: string, @Body() body: OpenCallDto) {
    return this.desk.open(ispId, body);
  }

  @Post(':ispId/desk/calls/:callId/turns')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Say something on the call: verify, guess, details, emergency or hang-up',
  })
  @ApiOkResponse({ description: '{ state, say, disclosed, confirmed?, failure?, stoppedBy? }' })
  @ApiNotFoundResponse({ description: 'desk_call_not_found' })
  @ApiConflictResponse({ description: 'desk_call_ended' })
  turn(@Param('ispId') ispId: string, @Param('callId') callId: string, @Body() body: TurnDto) {
    return this.desk.turn(ispId, callId, body);
  }
}
